// Exact top-N serving without scoring every item. A user's score vector is
//   base (popularity parts, one vector per time bucket) + history rows of the item x item matrix
//   + category affinity (popularity x the user's share in the item's best category),
// and only the items touched by the last two (the "personal set", personal-set.ts) differ from
// base. So the top N is the best of (a) the personal set, scored exactly, and (b) everything else
// in base order, precomputed once per bucket, walked only until it cannot beat the N-th best any more.
// Results are identical to scoring every item (scoreHistory + topN with popularity tie-breaks):
// same float32 arithmetic in the same order, same ordering keys. A user's top-K personal list can
// be kept (Candidates) and later requests filter it, falling back to the exact pass when the filter
// leaves too few of it.
import { addPopularity, bucketOf, type History, type ItemCategoriesCsr, type RecModelData } from './model';
import { personalSet } from './personal-set';
import { ScratchPool, type RankScratch, type Sync } from './rank-scratch';
import { below, keyOf } from './top-heap';
import type { Universe } from './universe';

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
 * Serving-side ranking for one model: base vectors and base orders per time bucket (shared: they
 * depend on the model and the bucket only), and a pool of scratch for the personal set, lent to one
 * synchronous call at a time (withScratch): no ranking state is shared between two calls.
 */
export class SparseRanker {
  readonly n: number;
  private readonly bases: (Float32Array | undefined)[] = [];
  private readonly orders: (Int32Array | undefined)[] = [];
  private readonly scratch: ScratchPool;

  constructor(readonly model: RecModelData) {
    this.n = model.numItems;
    this.scratch = new ScratchPool(this.n);
  }

  /**
   * Runs `run` with scratch of its own (exclusion marks, the personal set, the heap) and takes it
   * back when `run` returns: `run` must be synchronous (see ScratchPool.lend).
   */
  withScratch<T>(run: (scratch: RankScratch) => Sync<T>): T {
    return this.scratch.lend(run);
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

  /**
   * The exact top `limit` items that `accept` lets through for a history (popularity for an empty
   * one), over every item or one category's (`u`; accept must reject the others too). `scratch`:
   * the caller's, when its `accept` reads that scratch's exclusion marks; else one is lent for the call.
   */
  rank(hist: History, cats: ItemCategoriesCsr | null, accept: (i: number) => boolean, limit: number, u: Universe | null, order: Int32Array, scratch?: RankScratch): RankedIndexes {
    if (!scratch) return this.withScratch((s) => this.rank(hist, cats, accept, limit, u, order, s));
    const personal = hist.items.length > 0;
    const time = personal ? hist.lastTime : Date.now();
    const base = this.base(time);
    const pop = this.model.pop;
    const heap = scratch.heap.reset(limit);
    let st = -1;
    if (personal) {
      const count = personalSet(this.model, scratch, hist, base, cats, u);
      st = scratch.stamp;
      const { acc, list } = scratch;
      for (let t = 0; t < count; t++) {
        const i = list[t]!;
        const k = keyOf(acc[i]!, pop[i]!, i);
        if (!heap.admits(k, i) || !accept(i)) continue;
        heap.push(k, i, acc[i]!);
      }
    }
    const mark = scratch.mark;
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

  /** A non-empty history's best `k` personal items, unfiltered, for later select() calls (scratch: as rank()). */
  candidates(hist: History, cats: ItemCategoriesCsr | null, k: number, scratch?: RankScratch): Candidates {
    if (!scratch) return this.withScratch((s) => this.candidates(hist, cats, k, s));
    const time = hist.lastTime;
    const base = this.base(time);
    const pop = this.model.pop;
    const count = personalSet(this.model, scratch, hist, base, cats, null);
    const { acc, list } = scratch;
    const heap = scratch.heap.reset(Math.min(k, count));
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
