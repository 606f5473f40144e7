// The components training chooses from and blends: item-to-item models, popularity (all time,
// decayed, time-local) and category affinity, each as a Scorer over a user's history, fitted once
// per parameters (FitCache) and scaled to comparable magnitudes.
import type { Csr, UserRows } from './interactions';
import { accumulateDense, accumulateSparse, ease, itemKnn, rp3beta, type DenseItemModel, type ItemMatrix } from './item-models';
import { addCategoryScores, recencyFactors, topN, type History, type PopLocal } from './model';
import type { RecConfig } from './train-types';

const BUCKETS = 24;

/** The rows one fit or evaluation runs on. */
export interface Ctx {
  rows: UserRows;
  x: Csr;
  numItems: number;
  itemCats?: readonly (readonly number[] | undefined)[];
}

/** Adds a component's scores for a user's history to `out`. */
export type Scorer = (u: number, hist: History, out: Float32Array) => void;

export function historyOf(rows: UserRows, u: number): History {
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
export function cfWeights(hist: History, binary: boolean, recency: number | null): number[] {
  const f = recencyFactors(hist.items.length, recency);
  return hist.weights.map((w, p) => (w > 0 ? (binary ? 1 : Math.log1p(w)) : w < 0 ? -Math.log1p(-w) : 0) * f[p]!);
}

export function sparseScorer(s: ItemMatrix, binary: boolean, recency: number | null): Scorer {
  return (_u, hist, out) => accumulateSparse(s, hist.items, cfWeights(hist, binary, recency), out);
}

export function denseScorer(d: DenseItemModel, binary: boolean, recency: number | null): Scorer {
  return (_u, hist, out) => accumulateDense(d, hist.items, cfWeights(hist, binary, recency), out);
}

export function popularity(rows: UserRows, halfLifeDays: number | null): Float32Array {
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
export function popularityLocal(rows: UserRows, tau: number): PopLocal | null {
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

export function popLocalScorer(local: PopLocal, n: number): Scorer {
  return (_u, hist, out) => {
    let b = 0;
    while (b + 1 < local.starts.length && local.starts[b + 1]! <= hist.lastTime) b++;
    const off = b * n;
    for (let i = 0; i < n; i++) out[i]! += local.vecs[off + i]!;
  };
}

/** Everything a configuration needs, fitted on some rows. */
export interface Fitted {
  knn: ItemMatrix | null;
  rp3: ItemMatrix | null;
  ease: DenseItemModel | null;
  pop: Float32Array;
  popLocal: PopLocal | null;
}

/** Fitted parts by parameters, so a search does not fit the same model twice on the same rows. */
export type FitCache = Map<string, unknown>;

export function memo<T>(cache: FitCache | undefined, key: string, fit: () => T): T {
  if (!cache) return fit();
  if (!cache.has(key)) cache.set(key, fit());
  return cache.get(key) as T;
}

export async function fitConfig(ctx: Ctx, cfg: RecConfig, cache?: FitCache): Promise<Fitted> {
  return {
    knn: cfg.knn && cfg.blend.knn > 0 ? memo(cache, `knn${JSON.stringify(cfg.knn)}`, () => itemKnn(ctx.x, cfg.knn!)) : null,
    rp3: cfg.rp3 && cfg.blend.rp3 > 0 ? memo(cache, `rp3${JSON.stringify(cfg.rp3)}`, () => rp3beta(ctx.x, cfg.rp3!)) : null,
    ease: cfg.ease && cfg.blend.ease > 0 ? await memo(cache, `ease${JSON.stringify(cfg.ease)}`, () => ease(ctx.x, cfg.ease!)) : null,
    pop: memo(cache, `pop${cfg.popHalfLifeDays}`, () => popularity(ctx.rows, cfg.popHalfLifeDays)),
    popLocal: cfg.popLocalTau && cfg.blend.popLocal > 0 ? memo(cache, `local${cfg.popLocalTau}`, () => popularityLocal(ctx.rows, cfg.popLocalTau!)) : null,
  };
}

export function componentsOf(ctx: Ctx, cfg: RecConfig, f: Fitted): { name: keyof RecConfig['blend']; scorer: Scorer }[] {
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

export function addVec(out: Float32Array, v: Float32Array) {
  for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
}

/** Scales of each component on all data: mean (over a sample of users) of the best unseen score. */
export function componentScales(ctx: Ctx, comps: { name: string; scorer: Scorer }[]): Record<string, number> {
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
