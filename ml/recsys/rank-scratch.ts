// Working memory of one ranking call over one model's items. Allocating it per call would cost
// more than the ranking (several arrays of every item), so scratch is pooled per model; but a
// scratch is checked out for ONE synchronous call and returned when that call returns, so two
// calls never share one, even if an `await` is ever added between them.
import { TopHeap } from './top-heap';

export class RankScratch {
  /** Full scores of the personal set's items. */
  readonly acc: Float32Array;
  /** mark[i] === stamp: item i is in the personal set of this pass. */
  readonly mark: Int32Array;
  /** done[i] === stamp: item i got its category share in this pass. */
  readonly done: Int32Array;
  /** The personal set's items, list[0..count). */
  readonly list: Int32Array;
  /** Exclusion marks of the caller's filter: excluded[i] === exclusionStamp() leaves item i out. */
  readonly excluded: Int32Array;
  aff = new Float64Array(0);
  rankOf = new Int32Array(0);
  readonly heap = new TopHeap();
  /** The stamp of the current pass (nextStamp). */
  stamp = 0;
  private exStamp = 0;

  constructor(readonly n: number) {
    this.acc = new Float32Array(n);
    this.mark = new Int32Array(n);
    this.done = new Int32Array(n);
    this.list = new Int32Array(n);
    this.excluded = new Int32Array(n);
  }

  /** A fresh stamp for a personal-set pass: marks of earlier passes no longer count. */
  nextStamp(): number {
    if (++this.stamp > 0x7fffffff) {
      this.mark.fill(0);
      this.done.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** A fresh exclusion stamp: callers mark excluded[i] = stamp for this request's exclusions. */
  exclusionStamp(): number {
    if (++this.exStamp > 0x7fffffff) {
      this.excluded.fill(0);
      this.exStamp = 1;
    }
    return this.exStamp;
  }
}

/** A callback's result that is not a promise: one that is does not compile (its scratch would outlive the call). */
export type Sync<T> = T extends PromiseLike<unknown> ? never : T;

/** Scratch for one model's item count, lent for one synchronous call at a time. */
export class ScratchPool {
  private readonly free: RankScratch[] = [];

  constructor(readonly n: number) {}

  /**
   * Runs `run` with a scratch nobody else holds, and takes it back when `run` returns. `run` must
   * be synchronous (a promise-returning callback does not compile; at run time its scratch is
   * thrown away rather than lent again, and the call fails).
   */
  lend<T>(run: (scratch: RankScratch) => Sync<T>): T {
    const scratch = this.free.pop() ?? new RankScratch(this.n);
    const out = run(scratch);
    if (typeof (out as { then?: unknown } | null)?.then === 'function') throw new Error('RankScratch used across an await: ranking must be synchronous');
    // Concurrent holders only come from nested calls; keep a couple, let the rest go.
    if (this.free.length < 2) this.free.push(scratch);
    return out as T;
  }
}
