// The trained recommender as served: one blended item x item matrix, popularity vectors and the
// blend weights. Scoring a user is a sparse sum over their history (no per-user state is stored).
import type { ItemMatrix } from './item-models';

export interface PopLocal {
  /** Start time (epoch ms) of each bucket; bucket b covers [starts[b], starts[b + 1]). */
  starts: Float64Array;
  /** buckets x items, each bucket's vector scaled to max 1. */
  vecs: Float32Array;
}

export interface BlendWeights {
  /** Weight of the item-to-item part (always 1: the others are relative to it). */
  cf: number;
  pop: number;
  popLocal: number;
  category: number;
}

export interface RecModelData {
  numItems: number;
  /** Blended item x item matrix (already weighted and scaled). */
  s: ItemMatrix;
  /** Item-to-item similarity for "similar items" (cosine kNN plus content neighbours for cold items). */
  similar: ItemMatrix;
  /** Time-decayed popularity, max 1. */
  pop: Float32Array;
  popLocal: PopLocal | null;
  weights: BlendWeights;
  /** History position decay: the i-th most recent item weighs exp(-i / recency); null = no decay. */
  recency: number | null;
}

/** A user's history, oldest first: item indexes and signed weights. */
export interface History {
  items: number[];
  weights: number[];
  /** Epoch ms of the latest event (for time-local popularity); NaN when unknown. */
  lastTime: number;
}

/** Position weights for a history of length n (oldest first). */
export function recencyFactors(n: number, recency: number | null): number[] {
  const out = new Array<number>(n);
  for (let p = 0; p < n; p++) out[p] = recency ? Math.exp(-(n - 1 - p) / recency) : 1;
  return out;
}

export function bucketOf(local: PopLocal, time: number): number {
  const b = local.starts.length;
  if (!Number.isFinite(time)) return b - 1;
  let lo = 0;
  let hi = b - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (local.starts[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Category affinity score: an item scores its popularity times the share of the user's positive
 * history in the item's best category (a light user model: what kinds of things they like).
 */
export function addCategoryScores(
  out: Float32Array,
  hist: History,
  itemCats: readonly (readonly number[] | undefined)[],
  pop: Float32Array,
  weight: number,
) {
  if (weight === 0) return;
  const aff = new Map<number, number>();
  let total = 0;
  for (let h = 0; h < hist.items.length; h++) {
    const w = hist.weights[h]!;
    if (w <= 0) continue;
    const cats = itemCats[hist.items[h]!];
    if (!cats) continue;
    for (const c of cats) aff.set(c, (aff.get(c) ?? 0) + w);
    total += w;
  }
  if (total === 0) return;
  for (let i = 0; i < out.length; i++) {
    const cats = itemCats[i];
    if (!cats || cats.length === 0) continue;
    let best = 0;
    for (const c of cats) {
      const a = aff.get(c);
      if (a !== undefined && a > best) best = a;
    }
    if (best > 0) out[i]! += (weight * pop[i]! * best) / total;
  }
}

/** Item categories as CSR (item i's categories: idx[ptr[i]..ptr[i+1]]), for fast serving. */
export interface ItemCategoriesCsr {
  ptr: Int32Array;
  idx: Int32Array;
  count: number;
  /** The inverse: items of category c are items[byCat[c]..byCat[c+1]]. */
  byCat: Int32Array;
  items: Int32Array;
}

export function categoriesCsr(itemCats: readonly (readonly number[] | undefined)[]): ItemCategoriesCsr {
  const ptr = new Int32Array(itemCats.length + 1);
  let count = 0;
  for (let i = 0; i < itemCats.length; i++) ptr[i + 1] = ptr[i]! + (itemCats[i]?.length ?? 0);
  const idx = new Int32Array(ptr[itemCats.length]!);
  for (let i = 0; i < itemCats.length; i++) {
    const c = itemCats[i];
    if (!c) continue;
    idx.set(c, ptr[i]!);
    for (const k of c) if (k + 1 > count) count = k + 1;
  }
  const byCat = new Int32Array(count + 1);
  for (let a = 0; a < idx.length; a++) byCat[idx[a]! + 1]!++;
  for (let c = 0; c < count; c++) byCat[c + 1]! += byCat[c]!;
  const fill = byCat.slice(0, count);
  const items = new Int32Array(idx.length);
  for (let i = 0; i < itemCats.length; i++) for (let a = ptr[i]!; a < ptr[i + 1]!; a++) items[fill[idx[a]!]!++] = i;
  return { ptr, idx, count, byCat, items };
}

/** addCategoryScores over a CSR (same result, no per-item allocations or map lookups). */
export function addCategoryScoresCsr(out: Float32Array, hist: History, cats: ItemCategoriesCsr, pop: Float32Array, weight: number) {
  if (weight === 0 || cats.count === 0) return;
  const aff = new Float64Array(cats.count);
  let total = 0;
  for (let h = 0; h < hist.items.length; h++) {
    const w = hist.weights[h]!;
    const i = hist.items[h]!;
    if (w <= 0 || i + 1 >= cats.ptr.length) continue;
    for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) aff[cats.idx[k]!]! += w;
    total += w;
  }
  if (total === 0) return;
  const scale = weight / total;
  // Only the items of the user's categories, best category first: an item's first visit is its best.
  const order: number[] = [];
  for (let c = 0; c < cats.count; c++) if (aff[c]! > 0) order.push(c);
  order.sort((a, b) => aff[b]! - aff[a]!);
  const done = new Set<number>();
  for (const c of order) {
    const w = scale * aff[c]!;
    for (let a = cats.byCat[c]!; a < cats.byCat[c + 1]!; a++) {
      const i = cats.items[a]!;
      if (i >= out.length || (order.length > 1 && done.has(i))) continue;
      if (order.length > 1) done.add(i);
      out[i]! += w * pop[i]!;
    }
  }
}

/** Scores every item for a history (higher is better). `out` must be zeroed, length numItems. */
export function scoreHistory(
  model: RecModelData,
  hist: History,
  out: Float32Array,
  itemCats?: readonly (readonly number[] | undefined)[] | ItemCategoriesCsr,
) {
  addHistoryScores(model, hist, out);
  addPopularity(model, hist.lastTime, out);
  if (itemCats) {
    if ('ptr' in itemCats) addCategoryScoresCsr(out, hist, itemCats, model.pop, model.weights.category);
    else addCategoryScores(out, hist, itemCats, model.pop, model.weights.category);
  }
}

/** Adds the item-to-item part: the blended matrix rows of the history, recency-weighted. */
export function addHistoryScores(model: RecModelData, hist: History, out: Float32Array) {
  const n = hist.items.length;
  const f = recencyFactors(n, model.recency);
  const s = model.s;
  for (let h = 0; h < n; h++) {
    const i = hist.items[h]!;
    if (i < 0 || i >= model.numItems) continue;
    const w = hist.weights[h]! * f[h]! * model.weights.cf;
    if (w === 0) continue;
    for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) out[s.idx[a]!]! += w * s.val[a]!;
  }
}

/** Adds the popularity parts (global and time-local) to out. */
export function addPopularity(model: RecModelData, time: number, out: Float32Array, scale = 1) {
  const wp = model.weights.pop * scale;
  if (wp !== 0) for (let i = 0; i < model.numItems; i++) out[i]! += wp * model.pop[i]!;
  const wl = model.weights.popLocal * scale;
  if (wl !== 0 && model.popLocal) {
    const off = bucketOf(model.popLocal, time) * model.numItems;
    const v = model.popLocal.vecs;
    for (let i = 0; i < model.numItems; i++) out[i]! += wl * v[off + i]!;
  }
}

/**
 * The top `limit` item indexes by score among those `accept` lets through, best first. Ties break
 * by `tiebreak` (values in [0, 1], e.g. popularity scaled to max 1), then index, so results are stable.
 */
export function topN(scores: Float32Array, limit: number, accept: (i: number) => boolean, tiebreak?: Float32Array): number[] {
  // A bounded min-heap of (score, item).
  const heapS = new Float64Array(limit);
  const heapI = new Int32Array(limit);
  let size = 0;
  // Tie-breaks stay below 1e-9 (tiebreak values are at most 1), so a raw score 1e-9 under the
  // heap's minimum can be skipped without computing its key: most items, once the heap is full.
  const key = (i: number) => scores[i]! + (tiebreak ? tiebreak[i]! * 1e-9 : 0) - i * 1e-15;
  const less = (a: number, b: number) => heapS[a]! < heapS[b]!;
  const swap = (a: number, b: number) => {
    const s = heapS[a]!;
    heapS[a] = heapS[b]!;
    heapS[b] = s;
    const t = heapI[a]!;
    heapI[a] = heapI[b]!;
    heapI[b] = t;
  };
  let min = -Infinity; // the heap's minimum once it is full
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! + 2e-9 <= min || (size === limit && key(i) <= min)) continue;
    if (!accept(i)) continue;
    const k = key(i);
    if (size < limit) {
      heapS[size] = k;
      heapI[size] = i;
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!less(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else {
      heapS[0] = k;
      heapI[0] = i;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < size && less(l, m)) m = l;
        if (r < size && less(r, m)) m = r;
        if (m === p) break;
        swap(m, p);
        p = m;
      }
    }
    if (size === limit) min = heapS[0]!;
  }
  const out: [number, number][] = [];
  for (let k = 0; k < size; k++) out.push([heapS[k]!, heapI[k]!]);
  out.sort((a, b) => b[0] - a[0]);
  return out.map(([, i]) => i);
}

/**
 * A history as serving sees it: raw signed weights are turned into the transform the matrices
 * were fitted with (log(1 + w), or 1 when binary), so scoreHistory can use them directly.
 */
export function servingHistory(h: History, binary: boolean): History {
  return {
    items: h.items,
    weights: h.weights.map((w) => (w > 0 ? (binary ? 1 : Math.log1p(w)) : w < 0 ? -Math.log1p(-w) : 0)),
    lastTime: h.lastTime,
  };
}
