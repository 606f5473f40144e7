// Training: candidate models chosen by validation, not by taste. A per-user temporal split of the
// training data (the last 20% of each user's items held out) scores every candidate; the best of
// each family is blended with weights fitted on that split; the chosen configuration is then
// refitted on all the data and packed into one servable model (model.ts).
import {
  aggregate,
  DEFAULT_EVENT_WEIGHTS,
  positiveMatrix,
  RATING,
  temporalSplit,
  type Csr,
  type EventWeights,
  type InteractionLog,
  type PrepOptions,
  type UserRows,
} from './interactions';
import {
  accumulateDense,
  accumulateSparse,
  combine,
  denseToSparse,
  ease,
  itemKnn,
  rp3beta,
  type DenseItemModel,
  type ItemMatrix,
} from './item-models';
import { addCategoryScores, recencyFactors, scoreHistory, servingHistory, topN, type History, type PopLocal, type RecModelData } from './model';

export { servingHistory };
import { MetricsAccumulator, round4, type RankingMetrics } from './evaluate';

export interface TrainInput {
  log: InteractionLog;
  /** Category indexes of each item (optional: enables the category model). */
  itemCategories?: readonly (readonly number[] | undefined)[];
  /** L2-normalised item embeddings (optional: content neighbours for cold-start items). */
  embeddings?: readonly (Float32Array | undefined)[];
  weights?: EventWeights;
  /** Time decay of event weights, in days (null: none). */
  halfLifeDays?: number | null;
  /** Soft budget for the hyper-parameter search; the final fit always runs. */
  timeBudgetMs?: number;
  /** The configuration of the version serving now: scored on the same validation split. */
  previous?: RecConfig | null;
  /** EASE's dense inverse is limited to this many items (~n^3 / 2 multiply-adds). */
  easeMaxItems?: number;
  onLog?: (line: string) => void;
}

export interface RecConfig {
  prep: { lowRatingsPositive: boolean; halfLifeDays: number | null; binary: boolean };
  knn: { k: number; shrink: number } | null;
  rp3: { k: number; alpha: number; beta: number } | null;
  ease: { lambda: number; maxItems: number } | null;
  popHalfLifeDays: number | null;
  popLocalTau: number | null;
  recency: number | null;
  /** Blend weights on scaled components (0: unused). */
  blend: { knn: number; rp3: number; ease: number; pop: number; popLocal: number; category: number };
}

export interface CandidateResult {
  name: string;
  family: string;
  params: Record<string, unknown>;
  metrics: RankingMetrics;
  ms: number;
}

export interface TrainReport {
  validation: { users: number; heldOutItems: number; trainEvents: number } | null;
  candidates: CandidateResult[];
  popularity: RankingMetrics | null;
  itemKnn: RankingMetrics | null;
  blend: RankingMetrics | null;
  /** The servable model (truncated, blended matrix) on the validation split. */
  serving: RankingMetrics | null;
  previous: RankingMetrics | null;
  config: RecConfig;
  timings: Record<string, number>;
  logs: string[];
}

export interface TrainOutput {
  model: RecModelData;
  config: RecConfig;
  report: TrainReport;
}

const SERVING_K = 200;
const SIMILAR_K = 50;
const POOL = 60;
const MAX_VALIDATION_USERS = 1200;
const BUCKETS = 24;
const K = 10;

// ---- Components --------------------------------------------------------------------------------

interface Ctx {
  rows: UserRows;
  x: Csr;
  numItems: number;
  itemCats?: readonly (readonly number[] | undefined)[];
}

type Scorer = (u: number, hist: History, out: Float32Array) => void;

function historyOf(rows: UserRows, u: number): History {
  const items: number[] = [];
  const weights: number[] = [];
  let lastTime = -Infinity;
  for (let k = rows.ptr[u]!; k < rows.ptr[u + 1]!; k++) {
    items.push(rows.item[k]!);
    weights.push(rows.weight[k]!);
    if (rows.last[k]! > lastTime) lastTime = rows.last[k]!;
  }
  return { items, weights, lastTime };
}

/** History weights for item-to-item scoring: log(1 + w) for positives (or 1 when binary), negatives kept. */
function cfWeights(hist: History, binary: boolean, recency: number | null): number[] {
  const f = recencyFactors(hist.items.length, recency);
  return hist.weights.map((w, p) => (w > 0 ? (binary ? 1 : Math.log1p(w)) : w < 0 ? -Math.log1p(-w) : 0) * f[p]!);
}

function sparseScorer(s: ItemMatrix, binary: boolean, recency: number | null): Scorer {
  return (_u, hist, out) => accumulateSparse(s, hist.items, cfWeights(hist, binary, recency), out);
}

function denseScorer(d: DenseItemModel, binary: boolean, recency: number | null): Scorer {
  return (_u, hist, out) => accumulateDense(d, hist.items, cfWeights(hist, binary, recency), out);
}

function popularity(rows: UserRows, halfLifeDays: number | null): Float32Array {
  const pop = new Float32Array(rows.numItems);
  let tMax = -Infinity;
  for (let k = 0; k < rows.last.length; k++) if (rows.last[k]! > tMax) tMax = rows.last[k]!;
  const rate = halfLifeDays ? Math.LN2 / (halfLifeDays * 86_400_000) : 0;
  for (let k = 0; k < rows.item.length; k++) {
    if (rows.weight[k]! <= 0) continue;
    pop[rows.item[k]!]! += rate ? Math.exp(-rate * (tMax - rows.last[k]!)) : 1;
  }
  return scaleToMax(pop);
}

function scaleToMax(v: Float32Array): Float32Array {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (v[i]! > m) m = v[i]!;
  if (m > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / m;
  return v;
}

/** Popularity around each point in time: interactions per time bucket, smoothed over nearby buckets. */
function popularityLocal(rows: UserRows, tau: number): PopLocal | null {
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let k = 0; k < rows.first.length; k++) {
    if (rows.first[k]! < tMin) tMin = rows.first[k]!;
    if (rows.first[k]! > tMax) tMax = rows.first[k]!;
  }
  if (!(tMax > tMin)) return null;
  const n = rows.numItems;
  const width = (tMax - tMin) / BUCKETS;
  const counts = new Float32Array(BUCKETS * n);
  for (let k = 0; k < rows.item.length; k++) {
    if (rows.weight[k]! <= 0) continue;
    const b = Math.min(BUCKETS - 1, Math.floor((rows.first[k]! - tMin) / width));
    counts[b * n + rows.item[k]!]! += 1;
  }
  const vecs = new Float32Array(BUCKETS * n);
  for (let b = 0; b < BUCKETS; b++) {
    const v = vecs.subarray(b * n, (b + 1) * n);
    for (let c = 0; c < BUCKETS; c++) {
      // Only the past and the present: at serving time the future is unknown.
      if (c > b) continue;
      const w = Math.exp(-(b - c) / tau);
      if (w < 1e-3) continue;
      const src = counts.subarray(c * n, (c + 1) * n);
      for (let i = 0; i < n; i++) v[i]! += w * src[i]!;
    }
    scaleToMax(v);
  }
  const starts = new Float64Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) starts[b] = b === 0 ? -Infinity : tMin + b * width;
  return { starts, vecs };
}

function popLocalScorer(local: PopLocal, n: number): Scorer {
  return (_u, hist, out) => {
    let b = 0;
    while (b + 1 < local.starts.length && local.starts[b + 1]! <= hist.lastTime) b++;
    const off = b * n;
    for (let i = 0; i < n; i++) out[i]! += local.vecs[off + i]!;
  };
}

// ---- Validation ---------------------------------------------------------------------------------

interface ValUser {
  u: number;
  hist: History;
  seen: Set<number>;
  relevant: Set<number>;
}

function validationUsers(rows: UserRows, heldOut: Map<number, Set<number>>): ValUser[] {
  const out: ValUser[] = [];
  for (const [u, relevant] of heldOut) {
    const hist = historyOf(rows, u);
    if (hist.items.length === 0) continue;
    const seen = new Set(hist.items);
    const rel = new Set([...relevant].filter((i) => !seen.has(i)));
    if (rel.size === 0) continue;
    out.push({ u, hist, seen, relevant: rel });
  }
  out.sort((a, b) => a.u - b.u);
  // A deterministic sample bounds the cost of scoring each candidate (users x items).
  if (out.length <= MAX_VALIDATION_USERS) return out;
  const step = out.length / MAX_VALIDATION_USERS;
  return Array.from({ length: MAX_VALIDATION_USERS }, (_x, k) => out[Math.floor(k * step)]!);
}

function evaluateScorer(users: ValUser[], n: number, scorer: Scorer): RankingMetrics {
  const acc = new MetricsAccumulator(K, n);
  const out = new Float32Array(n);
  for (const v of users) {
    out.fill(0);
    scorer(v.u, v.hist, out);
    acc.add(topN(out, K, (i) => !v.seen.has(i)), v.relevant);
  }
  return acc.result();
}

/** Per-user candidate pools with each component's scores, for fast blend fitting. */
interface Pools {
  items: Int32Array[];
  /** comps x pool, per user */
  scores: Float32Array[];
  scales: number[];
  names: string[];
}

function buildPools(users: ValUser[], n: number, comps: { name: string; scorer: Scorer }[]): Pools {
  const items: Int32Array[] = [];
  const scores: Float32Array[] = [];
  const maxSum = new Array<number>(comps.length).fill(0);
  const vecs = comps.map(() => new Float32Array(n));
  for (const v of users) {
    const pool = new Set<number>();
    comps.forEach((c, ci) => {
      const out = vecs[ci]!;
      out.fill(0);
      c.scorer(v.u, v.hist, out);
      const top = topN(out, POOL, (i) => !v.seen.has(i));
      if (top.length > 0) maxSum[ci]! += Math.max(0, out[top[0]!]!);
      for (const i of top) if (out[i]! > 0) pool.add(i);
    });
    const p = Int32Array.from(pool);
    const s = new Float32Array(comps.length * p.length);
    comps.forEach((_c, ci) => {
      const out = vecs[ci]!;
      for (let k = 0; k < p.length; k++) s[ci * p.length + k] = out[p[k]!]!;
    });
    items.push(p);
    scores.push(s);
  }
  const scales = maxSum.map((m) => (m > 0 ? m / users.length : 1));
  return { items, scores, scales, names: comps.map((c) => c.name) };
}

function evaluateBlend(users: ValUser[], pools: Pools, w: number[], n: number): RankingMetrics {
  const acc = new MetricsAccumulator(K, n);
  const coef = w.map((x, c) => x / pools.scales[c]!);
  for (let u = 0; u < users.length; u++) {
    const p = pools.items[u]!;
    const s = pools.scores[u]!;
    const m = p.length;
    const blended = new Float32Array(m);
    for (let c = 0; c < coef.length; c++) {
      const a = coef[c]!;
      if (a === 0) continue;
      for (let k = 0; k < m; k++) blended[k]! += a * s[c * m + k]!;
    }
    const order = topN(blended, K, () => true);
    acc.add(order.map((k) => p[k]!), users[u]!.relevant);
  }
  return acc.result();
}

/** Coordinate ascent over a grid of weights, starting from the best single component. */
function fitBlend(users: ValUser[], pools: Pools, single: number[], n: number): { w: number[]; metrics: RankingMetrics } {
  const best0 = single.indexOf(Math.max(...single));
  let w: number[] = pools.names.map((_x, c) => (c === best0 ? 1 : 0));
  let best = evaluateBlend(users, pools, w, n);
  const grid = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2];
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (let c = 0; c < w.length; c++) {
      if (c === best0) continue;
      for (const g of grid) {
        if (g === w[c]) continue;
        const trial = w.slice();
        trial[c] = g;
        const m = evaluateBlend(users, pools, trial, n);
        if (m.ndcg > best.ndcg + 1e-6) {
          best = m;
          w = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { w, metrics: best };
}

// ---- Training ------------------------------------------------------------------------------------

/** Everything a configuration needs, fitted on some rows. */
interface Fitted {
  knn: ItemMatrix | null;
  rp3: ItemMatrix | null;
  ease: DenseItemModel | null;
  pop: Float32Array;
  popLocal: PopLocal | null;
}

/** Fitted parts by parameters, so a search does not fit the same model twice on the same rows. */
type FitCache = Map<string, unknown>;

function memo<T>(cache: FitCache | undefined, key: string, fit: () => T): T {
  if (!cache) return fit();
  if (!cache.has(key)) cache.set(key, fit());
  return cache.get(key) as T;
}

async function fitConfig(ctx: Ctx, cfg: RecConfig, cache?: FitCache): Promise<Fitted> {
  return {
    knn: cfg.knn && cfg.blend.knn > 0 ? memo(cache, `knn${JSON.stringify(cfg.knn)}`, () => itemKnn(ctx.x, cfg.knn!)) : null,
    rp3: cfg.rp3 && cfg.blend.rp3 > 0 ? memo(cache, `rp3${JSON.stringify(cfg.rp3)}`, () => rp3beta(ctx.x, cfg.rp3!)) : null,
    ease: cfg.ease && cfg.blend.ease > 0 ? await memo(cache, `ease${JSON.stringify(cfg.ease)}`, () => ease(ctx.x, cfg.ease!)) : null,
    pop: memo(cache, `pop${cfg.popHalfLifeDays}`, () => popularity(ctx.rows, cfg.popHalfLifeDays)),
    popLocal: cfg.popLocalTau && cfg.blend.popLocal > 0 ? memo(cache, `local${cfg.popLocalTau}`, () => popularityLocal(ctx.rows, cfg.popLocalTau!)) : null,
  };
}

function componentsOf(ctx: Ctx, cfg: RecConfig, f: Fitted): { name: keyof RecConfig['blend']; scorer: Scorer }[] {
  const b = cfg.prep.binary;
  const comps: { name: keyof RecConfig['blend']; scorer: Scorer }[] = [];
  if (f.knn) comps.push({ name: 'knn', scorer: sparseScorer(f.knn, b, cfg.recency) });
  if (f.rp3) comps.push({ name: 'rp3', scorer: sparseScorer(f.rp3, b, cfg.recency) });
  if (f.ease) comps.push({ name: 'ease', scorer: denseScorer(f.ease, b, cfg.recency) });
  comps.push({ name: 'pop', scorer: (_u, _h, out) => addVec(out, f.pop) });
  if (f.popLocal) comps.push({ name: 'popLocal', scorer: popLocalScorer(f.popLocal, ctx.numItems) });
  if (ctx.itemCats) {
    const cats = ctx.itemCats;
    comps.push({ name: 'category', scorer: (_u, h, out) => addCategoryScores(out, h, cats, f.pop, 1) });
  }
  return comps;
}

function addVec(out: Float32Array, v: Float32Array) {
  for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
}

/** Packs a fitted configuration into the servable model: one blended, truncated matrix. */
function pack(ctx: Ctx, cfg: RecConfig, f: Fitted, scales: Record<string, number>, embeddings?: TrainInput['embeddings']): RecModelData {
  const n = ctx.numItems;
  // Small catalogs keep whole rows (the served model is then the blend itself); large ones the
  // top weights of each row, within ~3 M weights.
  const servingK = Math.max(SERVING_K, Math.min(n, Math.floor(3_000_000 / Math.max(1, n))));
  const parts: { m: ItemMatrix; w: number }[] = [];
  // History weights are log(1 + w) in validation; serving multiplies raw signed weights through
  // the same transform (see servingWeight), so the matrices are used as fitted.
  if (f.knn) parts.push({ m: f.knn, w: cfg.blend.knn / scales.knn! });
  if (f.rp3) parts.push({ m: f.rp3, w: cfg.blend.rp3 / scales.rp3! });
  if (f.ease) parts.push({ m: denseToSparse(f.ease, n, servingK), w: cfg.blend.ease / scales.ease! });
  let s = parts.length > 0 ? combine(parts, n, servingK) : emptyMatrix(n);
  const knnForSimilar = f.knn ?? itemKnn(ctx.x, { k: SIMILAR_K, shrink: 10 });
  let similar = combine([{ m: knnForSimilar, w: 1 }], n, SIMILAR_K);
  if (embeddings) {
    const content = contentEdges(ctx.x, embeddings, n);
    if (content) {
      // Content edges enter below the collaborative ones: a small share of a typical row maximum.
      const typical = typicalRowMax(s);
      // toCold: histories reach cold items; fromCold: a cold item in a history reaches its look-alikes.
      s = combine([{ m: s, w: 1 }, { m: content.toCold, w: typical * 0.2 }, { m: content.fromCold, w: typical * 0.5 }], n, servingK);
      similar = combine([{ m: similar, w: 1 }, { m: content.fromCold, w: 0.5 }, { m: content.toCold, w: 0.5 }], n, SIMILAR_K);
    }
  }
  return {
    numItems: n,
    s,
    similar,
    pop: f.pop,
    popLocal: f.popLocal,
    weights: {
      cf: 1,
      pop: cfg.blend.pop / scales.pop!,
      popLocal: f.popLocal ? cfg.blend.popLocal / scales.popLocal! : 0,
      category: ctx.itemCats ? cfg.blend.category / scales.category! : 0,
    },
    recency: cfg.recency,
  };
}

function emptyMatrix(n: number): ItemMatrix {
  return { rows: n, cols: n, ptr: new Int32Array(n + 1), idx: new Int32Array(0), val: new Float32Array(0) };
}

function typicalRowMax(s: ItemMatrix): number {
  const maxes: number[] = [];
  for (let i = 0; i < s.rows; i++) {
    let m = 0;
    for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) if (s.val[a]! > m) m = s.val[a]!;
    if (m > 0) maxes.push(m);
  }
  if (maxes.length === 0) return 1;
  maxes.sort((a, b) => a - b);
  return maxes[Math.floor(maxes.length / 2)]!;
}

/**
 * Content neighbours for cold items (fewer than 2 users) from their embeddings: `toCold` links
 * every item to the cold items it resembles (so histories reach them), `fromCold` the reverse.
 */
function contentEdges(x: Csr, embeddings: NonNullable<TrainInput['embeddings']>, n: number) {
  const deg = new Int32Array(n);
  for (let k = 0; k < x.idx.length; k++) deg[x.idx[k]!]!++;
  const withVec: number[] = [];
  for (let i = 0; i < n; i++) if (embeddings[i]) withVec.push(i);
  const cold = withVec.filter((i) => deg[i]! < 2).slice(0, 2000);
  if (cold.length === 0) return null;
  const toRows: [number[], number[]][] = Array.from({ length: n }, () => [[], []] as [number[], number[]]);
  const fromRows: [number[], number[]][] = Array.from({ length: n }, () => [[], []] as [number[], number[]]);
  const CONTENT_K = 20;
  for (const c of cold) {
    const vc = embeddings[c]!;
    const sims: [number, number][] = [];
    for (const j of withVec) {
      if (j === c) continue;
      const vj = embeddings[j]!;
      let dot = 0;
      for (let d = 0; d < vc.length; d++) dot += vc[d]! * vj[d]!;
      if (dot > 0) sims.push([dot, j]);
    }
    sims.sort((a, b) => b[0] - a[0]);
    for (const [sim, j] of sims.slice(0, CONTENT_K)) {
      fromRows[c]![0].push(j);
      fromRows[c]![1].push(sim);
      toRows[j]![0].push(c);
      toRows[j]![1].push(sim);
    }
  }
  const toCsr = (rows: [number[], number[]][]): ItemMatrix => {
    const ptr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i]! + rows[i]![0].length;
    const idx = new Int32Array(ptr[n]!);
    const val = new Float32Array(ptr[n]!);
    for (let i = 0; i < n; i++) {
      idx.set(rows[i]![0], ptr[i]!);
      val.set(rows[i]![1], ptr[i]!);
    }
    return { rows: n, cols: n, ptr, idx, val };
  };
  return { toCold: toCsr(toRows), fromCold: toCsr(fromRows) };
}

/** Scales of each component on all data: mean (over a sample of users) of the best unseen score. */
function componentScales(ctx: Ctx, comps: { name: string; scorer: Scorer }[]): Record<string, number> {
  const users: number[] = [];
  for (let u = 0; u < ctx.rows.numUsers; u++) if (ctx.rows.ptr[u + 1]! > ctx.rows.ptr[u]!) users.push(u);
  const step = Math.max(1, Math.floor(users.length / 300));
  const out = new Float32Array(ctx.numItems);
  const scales: Record<string, number> = {};
  for (const c of comps) {
    let sum = 0;
    let count = 0;
    for (let k = 0; k < users.length; k += step) {
      const hist = historyOf(ctx.rows, users[k]!);
      const seen = new Set(hist.items);
      out.fill(0);
      c.scorer(users[k]!, hist, out);
      const top = topN(out, 1, (i) => !seen.has(i));
      sum += top.length ? Math.max(0, out[top[0]!]!) : 0;
      count++;
    }
    scales[c.name] = count > 0 && sum > 0 ? sum / count : 1;
  }
  return scales;
}

function defaultConfig(halfLifeDays: number | null): RecConfig {
  return {
    prep: { lowRatingsPositive: false, halfLifeDays, binary: false },
    knn: { k: 100, shrink: 10 },
    rp3: null,
    ease: null,
    popHalfLifeDays: null,
    popLocalTau: null,
    recency: null,
    blend: { knn: 1, rp3: 0, ease: 0, pop: 0.1, popLocal: 0, category: 0 },
  };
}

/** Trains a recommender: search, blend, final fit. Deterministic for the same input. */
export async function trainRecommender(input: TrainInput): Promise<TrainOutput> {
  const started = Date.now();
  const budget = input.timeBudgetMs ?? 20_000;
  const logs: string[] = [];
  const timings: Record<string, number> = {};
  const say = (line: string) => {
    const l = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`;
    logs.push(l);
    input.onLog?.(l);
  };
  const overBudget = () => Date.now() - started > budget;
  const { log } = input;
  const n = log.numItems;
  const weights = input.weights ?? DEFAULT_EVENT_WEIGHTS;
  const halfLife = input.halfLifeDays === undefined ? null : input.halfLifeDays;
  const easeMax = Math.min(input.easeMaxItems ?? 2000, n);
  const candidates: CandidateResult[] = [];
  let hasRatings = false;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let e = 0; e < log.length; e++) {
    if (log.kind[e] === RATING) hasRatings = true;
    if (log.time[e]! < tMin) tMin = log.time[e]!;
    if (log.time[e]! > tMax) tMax = log.time[e]!;
  }
  const spanDays = log.length > 0 ? (tMax - tMin) / 86_400_000 : 0;
  say(`training on ${log.length} events, ${log.numUsers} users, ${n} items, ${spanDays.toFixed(1)} days`);

  const prepOf = (p: RecConfig['prep']): PrepOptions => ({ weights, lowRatingsPositive: p.lowRatingsPositive, halfLifeDays: p.halfLifeDays });
  const ctxOf = (p: RecConfig['prep'], mask?: Uint8Array): Ctx => {
    const rows = aggregate(log, prepOf(p), mask);
    return { rows, x: positiveMatrix(rows, p.binary), numItems: n, itemCats: input.itemCategories };
  };

  const split = temporalSplit(log, 0.2, 3);
  const config = defaultConfig(halfLife);
  let report: Omit<TrainReport, 'config' | 'timings' | 'logs'> = {
    validation: null,
    candidates,
    popularity: null,
    itemKnn: null,
    blend: null,
    serving: null,
    previous: null,
  };

  const t0 = Date.now();
  const probe = ctxOf(config.prep, split.trainMask);
  const users = validationUsers(probe.rows, split.heldOut);
  if (users.length >= 5) {
    report.validation = {
      users: users.length,
      heldOutItems: users.reduce((s, v) => s + v.relevant.size, 0),
      trainEvents: split.trainMask.reduce((s, v) => s + v, 0),
    };
    say(`validation: ${users.length} users, ${report.validation.heldOutItems} held-out items (last 20% of each user's items)`);
    const run = (name: string, family: string, params: Record<string, unknown>, ctx: Ctx, scorer: Scorer) => {
      const t = Date.now();
      const metrics = round4(evaluateScorer(users, n, scorer));
      const ms = Date.now() - t;
      candidates.push({ name, family, params, metrics, ms });
      say(`${name}: ndcg@10 ${metrics.ndcg} recall@10 ${metrics.recall} (${ms} ms)`);
      return metrics;
    };

    // 1. Data preparation, judged with item-kNN (cheap): rating bands, time decay, binary vs weighted.
    const preps: RecConfig['prep'][] = [];
    for (const binary of [false, true]) {
      preps.push({ lowRatingsPositive: false, halfLifeDays: halfLife, binary });
      if (hasRatings) preps.push({ lowRatingsPositive: true, halfLifeDays: halfLife, binary });
      if (halfLife && spanDays > halfLife / 4) preps.push({ lowRatingsPositive: hasRatings, halfLifeDays: null, binary });
    }
    let bestPrep = { prep: config.prep, ndcg: -1, ctx: probe };
    for (const prep of preps) {
      const ctx = prep === preps[0] ? probe : ctxOf(prep, split.trainMask);
      const knn = itemKnn(ctx.x, { k: 100, shrink: 10 });
      const m = run(`prep ${JSON.stringify(prep)}`, 'prep', prep, ctx, (u, _h, out) => {
        const hist = historyOf(ctx.rows, u);
        accumulateSparse(knn, hist.items, cfWeights(hist, prep.binary, null), out);
      });
      if (m.ndcg > bestPrep.ndcg) bestPrep = { prep, ndcg: m.ndcg, ctx };
    }
    const ctx = bestPrep.ctx;
    const cache: FitCache = new Map();
    config.prep = bestPrep.prep;
    // Histories for validation users under the chosen preparation.
    for (const v of users) v.hist = historyOf(ctx.rows, v.u);
    timings.prepMs = Date.now() - t0;

    // 2. Candidates per family.
    const b = config.prep.binary;
    const best: Record<string, { ndcg: number; apply: (c: RecConfig) => void }> = {};
    const consider = (family: string, ndcg: number, apply: (c: RecConfig) => void) => {
      if (!best[family] || ndcg > best[family]!.ndcg) best[family] = { ndcg, apply };
    };
    const pops: (number | null)[] = [null, ...(spanDays > 14 ? [Math.max(3, spanDays / 8)] : [])];
    let popVec: Float32Array | null = null;
    for (const hl of pops) {
      const pv = memo(cache, `pop${hl}`, () => popularity(ctx.rows, hl));
      const m = run(`popularity halfLife=${hl ? hl.toFixed(1) + 'd' : 'none'}`, 'popularity', { halfLifeDays: hl }, ctx, (_u, _h, out) => addVec(out, pv));
      if (!popVec || m.ndcg > (best.pop?.ndcg ?? -1)) popVec = pv;
      consider('pop', m.ndcg, (c) => (c.popHalfLifeDays = hl));
    }
    report.popularity = candidates.filter((c) => c.family === 'popularity').sort((a, c) => c.metrics.ndcg - a.metrics.ndcg)[0]!.metrics;
    for (const tau of [1, 3]) {
      const local = memo(cache, `local${tau}`, () => popularityLocal(ctx.rows, tau));
      if (!local) break;
      const m = run(`time-local popularity tau=${tau}`, 'popLocal', { tau }, ctx, popLocalScorer(local, n));
      consider('popLocal', m.ndcg, (c) => (c.popLocalTau = tau));
    }
    if (ctx.itemCats && popVec) {
      const pv = popVec;
      const cats = ctx.itemCats;
      const m = run('category affinity x popularity', 'category', {}, ctx, (_u, h, out) => addCategoryScores(out, h, cats, pv, 1));
      consider('category', m.ndcg, () => undefined);
    }
    for (const shrink of [0, 10, 50]) {
      const t = Date.now();
      const s = memo(cache, `knn${JSON.stringify({ k: 100, shrink })}`, () => itemKnn(ctx.x, { k: 100, shrink }));
      const m = run(`item-kNN shrink=${shrink}`, 'itemKnn', { k: 100, shrink, fitMs: Date.now() - t }, ctx, sparseScorer(s, b, null));
      consider('knn', m.ndcg, (c) => (c.knn = { k: 100, shrink }));
    }
    report.itemKnn = candidates.filter((c) => c.family === 'itemKnn').sort((a, c) => c.metrics.ndcg - a.metrics.ndcg)[0]!.metrics;
    for (const [alpha, beta] of [[1, 0.4], [0.6, 0.3], [1, 0.6]] as const) {
      {
        if (overBudget()) break;
        const s = memo(cache, `rp3${JSON.stringify({ k: 100, alpha, beta })}`, () => rp3beta(ctx.x, { k: 100, alpha, beta }));
        const m = run(`RP3beta alpha=${alpha} beta=${beta}`, 'rp3beta', { k: 100, alpha, beta }, ctx, sparseScorer(s, b, null));
        consider('rp3', m.ndcg, (c) => (c.rp3 = { k: 100, alpha, beta }));
      }
    }
    // EASE: lambda scaled to the data (Steck's values grow with the interactions per item).
    const perItem = ctx.x.idx.length / Math.max(1, Math.min(n, easeMax));
    const lambdas = [...new Set([8, 2, 32].map((f) => Math.max(1, Math.round(perItem * f))))];
    let easeMs = 0;
    for (const lambda of easeMax >= 2 ? lambdas : []) {
      if (overBudget() || Date.now() - started + easeMs * 3 > budget) {
        say(`EASE lambda=${lambda}: skipped (time budget)`);
        continue;
      }
      const t = Date.now();
      const d = await memo(cache, `ease${JSON.stringify({ lambda, maxItems: easeMax })}`, () => ease(ctx.x, { lambda, maxItems: easeMax }));
      easeMs = Date.now() - t;
      const m = run(`EASE lambda=${lambda} items=${d.items.length}`, 'ease', { lambda, maxItems: easeMax, fitMs: Date.now() - t }, ctx, denseScorer(d, b, null));
      consider('ease', m.ndcg, (c) => (c.ease = { lambda, maxItems: easeMax }));
    }
    for (const f of Object.values(best)) f.apply(config);
    config.blend = { knn: 1, rp3: 1, ease: 1, pop: 1, popLocal: 1, category: ctx.itemCats ? 1 : 0 };
    if (!config.rp3) config.blend.rp3 = 0;
    if (!config.ease) config.blend.ease = 0;
    if (!config.popLocalTau) config.blend.popLocal = 0;
    timings.candidatesMs = Date.now() - t0 - timings.prepMs;

    // 3. Recency of the history, judged on the best item-to-item family.
    const t3 = Date.now();
    const fitted = await fitConfig(ctx, config, cache);
    const cfFamilies = (['ease', 'rp3', 'knn'] as const).filter((f) => fitted[f]);
    const bestCf = cfFamilies.sort((a, c) => (best[c]?.ndcg ?? 0) - (best[a]?.ndcg ?? 0))[0];
    if (bestCf) {
      let bestRec = { recency: null as number | null, ndcg: best[bestCf]!.ndcg };
      for (const recency of [60, 20, 8]) {
        const scorer = bestCf === 'ease' ? denseScorer(fitted.ease!, b, recency) : sparseScorer(fitted[bestCf]!, b, recency);
        const m = run(`${bestCf} with history recency=${recency}`, 'recency', { recency }, ctx, scorer);
        if (m.ndcg > bestRec.ndcg) bestRec = { recency, ndcg: m.ndcg };
      }
      config.recency = bestRec.recency;
    }
    timings.recencyMs = Date.now() - t3;

    // 4. Blend weights on pooled candidates.
    const t4 = Date.now();
    const comps = componentsOf(ctx, config, fitted);
    const familyOf: Record<string, string> = { knn: 'knn', rp3: 'rp3', ease: 'ease', pop: 'pop', popLocal: 'popLocal', category: 'category' };
    const single = comps.map((c) => best[familyOf[c.name]!]?.ndcg ?? 0);
    const pools = buildPools(users, n, comps);
    const blend = fitBlend(users, pools, single, n);
    for (const k of Object.keys(config.blend) as (keyof RecConfig['blend'])[]) config.blend[k] = 0;
    comps.forEach((c, ci) => (config.blend[c.name] = blend.w[ci]!));
    report.blend = round4(blend.metrics);
    say(`blend ${JSON.stringify(config.blend)}: ndcg@10 ${report.blend.ndcg} recall@10 ${report.blend.recall}`);
    timings.blendMs = Date.now() - t4;

    // 5. The servable (truncated, combined) model on the same split.
    const t5 = Date.now();
    const scales = Object.fromEntries(comps.map((c, ci) => [c.name, pools.scales[ci]!]));
    const servable = pack(ctx, config, fitted, scales);
    report.serving = round4(evaluateScorer(users, n, (_u, h, out) => scoreHistory(servable, servingHistory(h, config.prep.binary), out, ctx.itemCats)));
    say(`serving model (${servable.s.idx.length} item-item weights): ndcg@10 ${report.serving.ndcg} recall@10 ${report.serving.recall} coverage ${report.serving.coverage}`);
    timings.servingCheckMs = Date.now() - t5;

    // 6. The configuration serving now, on the same split (promotion compares the two).
    if (input.previous) {
      try {
        const prev = input.previous;
        const pctx = ctxOf(prev.prep, split.trainMask);
        for (const v of users) v.hist = historyOf(pctx.rows, v.u);
        const pf = await fitConfig(pctx, prev);
        const pcomps = componentsOf(pctx, prev, pf);
        const ppools = buildPools(users, n, pcomps);
        const pscales = Object.fromEntries(pcomps.map((c, ci) => [c.name, ppools.scales[ci]!]));
        const pmodel = pack(pctx, prev, pf, pscales);
        report.previous = round4(evaluateScorer(users, n, (_u, h, out) => scoreHistory(pmodel, servingHistory(h, prev.prep.binary), out, pctx.itemCats)));
        say(`previous configuration on this split: ndcg@10 ${report.previous.ndcg}`);
      } catch (err) {
        say(`previous configuration could not be evaluated: ${(err as Error).message}`);
      }
    }
  } else {
    say('too little data for a validation split: default configuration (item-kNN + popularity)');
  }

  // 7. Final fit on all the data.
  const t7 = Date.now();
  const full = ctxOf(config.prep);
  const fitted = await fitConfig(full, config);
  const scales = componentScales(full, componentsOf(full, config, fitted));
  const model = pack(full, config, fitted, scales, input.embeddings);
  timings.finalFitMs = Date.now() - t7;
  timings.totalMs = Date.now() - started;
  say(`final model: ${model.s.idx.length} item-item weights, ${model.similar.idx.length} similar-item links (${timings.finalFitMs} ms)`);
  report = { ...report };
  return { model, config, report: { ...report, config, timings, logs } };
}
