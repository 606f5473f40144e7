// Exact top-N serving without scoring every item. A user's score vector is
//   base (popularity parts, one vector per time bucket) + history rows of the item x item matrix
//   + category affinity (popularity x the user's share in the item's best category),
// and only the items touched by the last two (the "personal set") differ from base. So the top N
// is the best of (a) the personal set, scored exactly, and (b) everything else in base order,
// precomputed once per bucket, walked only until it cannot beat the N-th best any more.
// Results are identical to scoring every item (scoreHistory + topN with popularity tie-breaks):
// same float32 arithmetic in the same order, same ordering keys. A user's top-K personal list can
// be kept (Candidates) and later requests filter it, falling back to the exact pass when the filter
// leaves too few of it.
import { addPopularity, bucketOf, type History, type ItemCategoriesCsr, type RecModelData } from './model';

/** topN's ordering key: the score, then popularity (below 1e-9), then the lower index. */
const keyOf = (score: number, pop: number, i: number) => score + pop * 1e-9 - i * 1e-15;

export interface RankedIndexes {
  ids: number[];
  /** Each item's score (a float32 value, as the dense scoring computes it). */
  scores: number[];
}

/** A user's best personal items (no filter applied), best first. */
export interface Candidates {
  ids: Int32Array;
  scores: Float32Array;
  keys: Float64Array;
  /** The personal set had more than the items kept: anything below the last key is unknown. */
  truncated: boolean;
  /** Sorted ascending: personal items the base-order walk must skip (all of them, or when truncated those whose base key exceeds the last kept key). */
  skip: Int32Array;
  /** Time bucket of the base vector. */
  bucket: number;
}

/** A restriction of the items considered to one category (its mask and its items in the CSR inverse). */
export interface Universe {
  category: number;
  mask: Uint8Array;
  /** Every category its items carry (itself included): categoryRelated(). */
  related: Int32Array;
}

/** The categories the items of `category` carry, itself included (sorted). */
export function categoryRelated(cats: ItemCategoriesCsr, category: number): Int32Array {
  const seen = new Set<number>([category]);
  for (let a = cats.byCat[category]!; a < cats.byCat[category + 1]!; a++) {
    const i = cats.items[a]!;
    for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) seen.add(cats.idx[k]!);
  }
  return Int32Array.from(seen).sort();
}

/** a ranks below b: a lower key, or the same key and a higher index (the dense scan keeps the lower). */
const below = (ka: number, ia: number, kb: number, ib: number) => ka < kb || (ka === kb && ia > ib);

/** A bounded heap of (key, item, score) whose root is the worst kept, as topN keeps (reused: reset()). */
class TopHeap {
  keys = new Float64Array(128);
  ids = new Int32Array(128);
  scores = new Float32Array(128);
  size = 0;
  limit = 0;
  /** Empties the heap for at most `limit` entries. */
  reset(limit: number): this {
    if (this.keys.length < limit) {
      this.keys = new Float64Array(limit);
      this.ids = new Int32Array(limit);
      this.scores = new Float32Array(limit);
    }
    this.size = 0;
    this.limit = limit;
    return this;
  }
  /** Whether (k, i) would enter: the heap has room, or it beats the worst kept. */
  admits(k: number, i: number): boolean {
    return this.size < this.limit || below(this.keys[0]!, this.ids[0]!, k, i);
  }
  /** Adds (k, i, s); the caller checked admits(k, i). */
  push(k: number, i: number, s: number) {
    const { keys, ids, scores } = this;
    if (this.size < this.limit) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!below(k, i, keys[p]!, ids[p]!)) break;
        keys[c] = keys[p]!;
        ids[c] = ids[p]!;
        scores[c] = scores[p]!;
        c = p;
      }
      keys[c] = k;
      ids[c] = i;
      scores[c] = s;
      return;
    }
    this.siftDown(k, i, s, this.size);
  }
  /** Puts (k, i, s) at the root and sifts it down within the first `size` entries. */
  private siftDown(k: number, i: number, s: number, size: number) {
    const { keys, ids, scores } = this;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && below(keys[r]!, ids[r]!, keys[l]!, ids[l]!) ? r : l;
      if (!below(keys[m]!, ids[m]!, k, i)) break;
      keys[p] = keys[m]!;
      ids[p] = ids[m]!;
      scores[p] = scores[m]!;
      p = m;
    }
    keys[p] = k;
    ids[p] = i;
    scores[p] = s;
  }
  /** Empties the heap into the arrays, best first (heapsort: the worst leaves first, from the back). */
  drain(outIds: { [k: number]: number }, outScores: { [k: number]: number }, outKeys?: Float64Array) {
    const { keys, ids, scores } = this;
    for (let n = this.size; n > 0; n--) {
      outIds[n - 1] = ids[0]!;
      outScores[n - 1] = scores[0]!;
      if (outKeys) outKeys[n - 1] = keys[0]!;
      if (n > 1) this.siftDown(keys[n - 1]!, ids[n - 1]!, scores[n - 1]!, n - 1);
    }
    this.size = 0;
  }
}

/** Binary search in a sorted Int32Array. */
function has(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Serving-side ranking for one model: base vectors and base orders per time bucket, and scratch
 * buffers for the personal set (one request at a time: JS runs them one after another).
 */
export class SparseRanker {
  readonly n: number;
  private readonly bases: (Float32Array | undefined)[] = [];
  private readonly orders: (Int32Array | undefined)[] = [];
  private readonly acc: Float32Array;
  private readonly mark: Int32Array;
  private readonly done: Int32Array;
  private readonly list: Int32Array;
  private stamp = 0;
  private aff = new Float64Array(0);
  private rankOf = new Int32Array(0);
  private readonly heap = new TopHeap();
  /** Exclusion marks for callers' filters (exclusionStamp). */
  readonly excluded: Int32Array;
  private exStamp = 0;

  constructor(readonly model: RecModelData) {
    const n = model.numItems;
    this.n = n;
    this.acc = new Float32Array(n);
    this.mark = new Int32Array(n);
    this.done = new Int32Array(n);
    this.list = new Int32Array(n);
    this.excluded = new Int32Array(n);
  }

  /** The time bucket of base vectors for a time (one bucket without time-local popularity). */
  bucketFor(time: number): number {
    return this.model.popLocal ? bucketOf(this.model.popLocal, time) : 0;
  }

  /** The popularity parts for a time: the starting vector of every ranking. */
  base(time: number): Float32Array {
    const b = this.bucketFor(time);
    let v = this.bases[b];
    if (!v) {
      v = new Float32Array(this.n);
      addPopularity(this.model, time, v);
      this.bases[b] = v;
    }
    return v;
  }

  /** Every item by base key, best first, for a time's bucket. */
  order(time: number): Int32Array {
    const b = this.bucketFor(time);
    let o = this.orders[b];
    if (!o) {
      const base = this.base(time);
      const pop = this.model.pop;
      const keys = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) keys[i] = keyOf(base[i]!, pop[i]!, i);
      o = Int32Array.from({ length: this.n }, (_x, i) => i).sort((a, b2) => keys[b2]! - keys[a]! || a - b2);
      this.orders[b] = o;
    }
    return o;
  }

  /** The items of one category by base key (a sub-sequence of order(time)), cached in `cache`. */
  categoryOrder(time: number, cats: ItemCategoriesCsr, category: number, cache: Map<number, Int32Array>): Int32Array {
    const key = this.bucketFor(time) * (cats.count + 1) + category;
    let o = cache.get(key);
    if (!o) {
      const all = this.order(time);
      const inCat = new Uint8Array(this.n);
      for (let a = cats.byCat[category]!; a < cats.byCat[category + 1]!; a++) if (cats.items[a]! < this.n) inCat[cats.items[a]!] = 1;
      const out: number[] = [];
      for (const i of all) if (inCat[i]) out.push(i);
      o = Int32Array.from(out);
      if (cache.size > 4096) cache.clear();
      cache.set(key, o);
    }
    return o;
  }

  /** A fresh exclusion stamp: callers mark excluded[i] = stamp for this request's exclusions. */
  exclusionStamp(): number {
    if (++this.exStamp > 0x7fffffff) {
      this.excluded.fill(0);
      this.exStamp = 1;
    }
    return this.exStamp;
  }

  private nextStamp(): number {
    if (++this.stamp > 0x7fffffff) {
      this.mark.fill(0);
      this.done.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /**
   * The personal set of a history in the scratch buffers: list[0..count) are its items, acc[i]
   * their full scores (base + history rows + category part, in the dense order of operations).
   * With a universe, only its items are considered.
   */
  private personal(hist: History, base: Float32Array, cats: ItemCategoriesCsr | null, u: Universe | null): { stamp: number; count: number } {
    const st = this.nextStamp();
    const { acc, mark, list, done } = this;
    const m = this.model;
    const N = m.numItems;
    const s = m.s;
    const mask = u?.mask ?? null;
    let count = 0;
    // History rows (addHistoryScores).
    const nh = hist.items.length;
    for (let h = 0; h < nh; h++) {
      const i = hist.items[h]!;
      if (i < 0 || i >= N) continue;
      const f = m.recency ? Math.exp(-(nh - 1 - h) / m.recency) : 1;
      const w = hist.weights[h]! * f * m.weights.cf;
      if (w === 0) continue;
      for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) {
        const j = s.idx[a]!;
        if (mask && !mask[j]) continue;
        if (mark[j] !== st) {
          mark[j] = st;
          acc[j] = base[j]!;
          list[count++] = j;
        }
        acc[j]! += w * s.val[a]!;
      }
    }
    // Category affinity (addCategoryScoresCsr).
    const weight = m.weights.category;
    if (!weight || !cats || cats.count === 0) return { stamp: st, count };
    if (this.aff.length < cats.count) {
      this.aff = new Float64Array(cats.count);
      this.rankOf = new Int32Array(cats.count);
    }
    const aff = this.aff;
    aff.fill(0, 0, cats.count);
    let total = 0;
    for (let h = 0; h < nh; h++) {
      const w = hist.weights[h]!;
      const i = hist.items[h]!;
      if (w <= 0 || i + 1 >= cats.ptr.length) continue;
      for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) aff[cats.idx[k]!]! += w;
      total += w;
    }
    if (total === 0) return { stamp: st, count };
    const scale = weight / total;
    const order: number[] = [];
    for (let c = 0; c < cats.count; c++) if (aff[c]! > 0) order.push(c);
    order.sort((a, b) => aff[b]! - aff[a]!);
    const multi = order.length > 1;
    const pop = m.pop;
    if (!u) {
      for (const c of order) {
        const w = scale * aff[c]!;
        const end = cats.byCat[c + 1]!;
        for (let a = cats.byCat[c]!; a < end; a++) {
          const i = cats.items[a]!;
          if (i >= N) continue;
          if (multi) {
            if (done[i] === st) continue;
            done[i] = st;
          }
          if (mark[i] !== st) {
            mark[i] = st;
            acc[i] = base[i]!;
            list[count++] = i;
          }
          acc[i]! += w * pop[i]!;
        }
      }
      return { stamp: st, count };
    }
    // One category's items only: each gets its best category's share (the first in `order`), or,
    // with a single affinity category, one share per time it lists that category (as the dense pass).
    const rankOf = this.rankOf;
    rankOf.fill(-1, 0, cats.count);
    for (let r = 0; r < order.length; r++) rankOf[order[r]!] = r;
    let touches = false;
    for (let k = 0; k < u.related.length; k++) if (rankOf[u.related[k]!]! >= 0) touches = true;
    if (!touches) return { stamp: st, count }; // none of its items carries a category of the user's
    const end = cats.byCat[u.category + 1]!;
    for (let a = cats.byCat[u.category]!; a < end; a++) {
      const i = cats.items[a]!;
      if (i >= N || done[i] === st) continue;
      done[i] = st;
      // How many shares of which weight: the best category's one, or one per listing of the only one.
      let w = 0;
      let times = 0;
      if (multi) {
        let best = -1;
        for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) {
          const r = rankOf[cats.idx[k]!]!;
          if (r >= 0 && (best < 0 || r < best)) best = r;
        }
        if (best >= 0) {
          w = scale * aff[order[best]!]!;
          times = 1;
        }
      } else {
        const c0 = order[0]!;
        w = scale * aff[c0]!;
        for (let k = cats.ptr[i]!; k < cats.ptr[i + 1]!; k++) if (cats.idx[k] === c0) times++;
      }
      if (times === 0) continue;
      if (mark[i] !== st) {
        mark[i] = st;
        acc[i] = base[i]!;
        list[count++] = i;
      }
      for (let x = 0; x < times; x++) acc[i]! += w * pop[i]!;
    }
    return { stamp: st, count };
  }

  /**
   * The exact top `limit` items that `accept` lets through for a history (popularity for an empty
   * one), over every item or one category's (`u`; accept must reject the others too).
   */
  rank(hist: History, cats: ItemCategoriesCsr | null, accept: (i: number) => boolean, limit: number, u: Universe | null, order: Int32Array): RankedIndexes {
    const personal = hist.items.length > 0;
    const time = personal ? hist.lastTime : Date.now();
    const base = this.base(time);
    const pop = this.model.pop;
    const heap = this.heap.reset(limit);
    let st = -1;
    if (personal) {
      const r = this.personal(hist, base, cats, u);
      st = r.stamp;
      const { acc, list } = this;
      for (let t = 0; t < r.count; t++) {
        const i = list[t]!;
        const k = keyOf(acc[i]!, pop[i]!, i);
        if (!heap.admits(k, i) || !accept(i)) continue;
        heap.push(k, i, acc[i]!);
      }
    }
    const mark = this.mark;
    for (let q = 0; q < order.length; q++) {
      const i = order[q]!;
      const k = keyOf(base[i]!, pop[i]!, i);
      // The order is by key, then index: nothing after the first item that cannot enter can.
      if (!heap.admits(k, i)) break;
      if (mark[i] === st || !accept(i)) continue;
      heap.push(k, i, base[i]!);
    }
    const ids = new Array<number>(heap.size);
    const scores = new Array<number>(heap.size);
    heap.drain(ids, scores);
    return { ids, scores };
  }

  /** A non-empty history's best `k` personal items, unfiltered, for later select() calls. */
  candidates(hist: History, cats: ItemCategoriesCsr | null, k: number): Candidates {
    const time = hist.lastTime;
    const base = this.base(time);
    const pop = this.model.pop;
    const { count } = this.personal(hist, base, cats, null);
    const { acc, list } = this;
    const heap = this.heap.reset(Math.min(k, count));
    for (let t = 0; t < count; t++) {
      const i = list[t]!;
      const key = keyOf(acc[i]!, pop[i]!, i);
      if (heap.admits(key, i)) heap.push(key, i, acc[i]!);
    }
    const size = heap.size;
    const ids = new Int32Array(size);
    const scores = new Float32Array(size);
    const keys = new Float64Array(size);
    heap.drain(ids, scores, keys);
    const truncated = count > size;
    let skip: Int32Array;
    if (!truncated) skip = Int32Array.from(list.subarray(0, count)).sort();
    else {
      const last = keys[size - 1]!;
      const out: number[] = [];
      for (let t = 0; t < count; t++) {
        const i = list[t]!;
        if (keyOf(base[i]!, pop[i]!, i) > last) out.push(i);
      }
      skip = Int32Array.from(out).sort();
    }
    return { ids, scores, keys, truncated, skip, bucket: this.bucketFor(time) };
  }

  /**
   * The top `limit` accepted items from a user's candidates merged with the base order (`order`:
   * every item's, or a category's when accept restricts to it), or null when the candidates were
   * truncated and the filter let too few of them through (then rank() gives the exact answer).
   */
  select(c: Candidates, accept: (i: number) => boolean, limit: number, order: Int32Array, time: number): RankedIndexes | null {
    const base = this.base(time);
    const pop = this.model.pop;
    const n = c.ids.length;
    const floor = c.truncated ? c.keys[n - 1]! : -Infinity;
    const ids: number[] = [];
    const scores: number[] = [];
    let p = 0;
    // q: the next base-order item that is not personal and passes (order.length: none left above the floor).
    let q = this.nextBase(c, accept, order, 0, base, pop, floor);
    while (ids.length < limit) {
      while (p < n && !accept(c.ids[p]!)) p++;
      if (p >= n && q >= order.length) {
        if (c.truncated) return null;
        break;
      }
      const j = q < order.length ? order[q]! : -1;
      if (p < n && (j < 0 || !below(c.keys[p]!, c.ids[p]!, keyOf(base[j]!, pop[j]!, j), j))) {
        ids.push(c.ids[p]!);
        scores.push(c.scores[p]!);
        p++;
      } else {
        ids.push(j);
        scores.push(base[j]!);
        q = this.nextBase(c, accept, order, q + 1, base, pop, floor);
      }
    }
    return { ids, scores };
  }

  /** From position q of the base order: the next item that is not personal and passes, above the floor (else order.length). */
  private nextBase(c: Candidates, accept: (i: number) => boolean, order: Int32Array, q: number, base: Float32Array, pop: Float32Array, floor: number): number {
    for (; q < order.length; q++) {
      const i = order[q]!;
      if (c.truncated && keyOf(base[i]!, pop[i]!, i) <= floor) return order.length;
      if (!has(c.skip, i) && accept(i)) return q;
    }
    return q;
  }
}
