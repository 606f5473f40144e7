// Validation of candidates on the held-out split: each scorer's ranking metrics, and blend weights
// fitted by coordinate ascent on per-user candidate pools.
import { MetricsAccumulator, type RankingMetrics } from './evaluate';
import { topN, type History } from './model';
import { historyOf, type Scorer } from './fit-components';
import type { UserRows } from './interactions';

const POOL = 60;
const MAX_VALIDATION_USERS = 1200;
const K = 10;

export interface ValUser {
  u: number;
  hist: History;
  seen: Set<number>;
  relevant: Set<number>;
}

export function validationUsers(rows: UserRows, heldOut: Map<number, Set<number>>): ValUser[] {
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

export function evaluateScorer(users: ValUser[], n: number, scorer: Scorer): RankingMetrics {
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
export interface Pools {
  items: Int32Array[];
  /** comps x pool, per user */
  scores: Float32Array[];
  scales: number[];
  names: string[];
}

export function buildPools(users: ValUser[], n: number, comps: { name: string; scorer: Scorer }[]): Pools {
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
export function fitBlend(users: ValUser[], pools: Pools, single: number[], n: number): { w: number[]; metrics: RankingMetrics } {
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
