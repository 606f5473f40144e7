// Micro-batching: callers submit a few items each; the queue runs them together as one batch of up
// to `maxBatch` items, as soon as that many wait or `maxWaitMs` after the first arrived, and
// resolves each caller with its own slice. Bounded: at most `maxQueue` items wait; beyond that
// submit() rejects at once with OverloadedError (backpressure: callers retry later, memory stays
// bounded). One batch runs at a time (`concurrency` raises that for devices that overlap work).

export class OverloadedError extends Error {
  readonly code = 'overloaded';
  constructor(queued: number, limit: number) {
    super(`model queue is full (${queued} items waiting, limit ${limit}); retry shortly`);
    this.name = 'OverloadedError';
  }
}

export interface BatcherOptions {
  /** Most items in one model call. */
  maxBatch: number;
  /** Longest a request waits for others to fill a batch. 0: what arrives in the same tick. */
  maxWaitMs: number;
  /** Most items waiting (not yet running); more -> OverloadedError. */
  maxQueue: number;
  /** Batches running at once. */
  concurrency?: number;
}

interface Pending<I, O> {
  items: I[];
  /** Items of this request already handed to a batch (a request larger than maxBatch spans batches). */
  taken: number;
  results: O[];
  remaining: number;
  resolve: (out: O[]) => void;
  reject: (err: unknown) => void;
}

export interface BatcherStats {
  batches: number;
  items: number;
  rejected: number;
  queued: number;
  running: number;
}

export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private queuedItems = 0;
  private running = 0;
  private timer: { cancel: () => void } | undefined;
  private closed = false;
  readonly stats: BatcherStats = { batches: 0, items: 0, rejected: 0, queued: 0, running: 0 };

  constructor(
    private readonly run: (batch: I[]) => Promise<O[]>,
    private readonly opts: BatcherOptions,
  ) {
    if (opts.maxBatch < 1 || opts.maxQueue < 1) throw new RangeError('maxBatch and maxQueue must be at least 1');
  }

  submit(items: I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new Error('batcher is closed'));
    if (items.length === 0) return Promise.resolve([]);
    if (this.queuedItems + items.length > this.opts.maxQueue) {
      this.stats.rejected += items.length;
      return Promise.reject(new OverloadedError(this.queuedItems, this.opts.maxQueue));
    }
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, taken: 0, results: new Array<O>(items.length), remaining: items.length, resolve, reject });
      this.queuedItems += items.length;
      this.stats.queued = this.queuedItems;
      this.schedule();
    });
  }

  private schedule() {
    const limit = this.opts.concurrency ?? 1;
    while (this.running < limit && this.queuedItems >= this.opts.maxBatch) this.flush();
    if (this.queuedItems === 0 || this.running >= limit) return;
    if (this.timer) return;
    const fire = () => {
      this.timer = undefined;
      if (this.running < limit) this.flush();
    };
    // maxWaitMs 0: still collect what callers submit in the same tick.
    if (this.opts.maxWaitMs <= 0) {
      const id = setImmediate(fire);
      this.timer = { cancel: () => clearImmediate(id) };
    } else {
      const id = setTimeout(fire, this.opts.maxWaitMs);
      this.timer = { cancel: () => clearTimeout(id) };
    }
  }

  private flush() {
    this.timer?.cancel();
    this.timer = undefined;
    const batch: I[] = [];
    const parts: { p: Pending<I, O>; from: number; count: number }[] = [];
    while (batch.length < this.opts.maxBatch && this.queue.length > 0) {
      const p = this.queue[0]!;
      const count = Math.min(p.items.length - p.taken, this.opts.maxBatch - batch.length);
      parts.push({ p, from: p.taken, count });
      for (let i = 0; i < count; i++) batch.push(p.items[p.taken + i]!);
      p.taken += count;
      if (p.taken === p.items.length) this.queue.shift();
    }
    if (batch.length === 0) return;
    this.queuedItems -= batch.length;
    this.running++;
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.queued = this.queuedItems;
    this.stats.running = this.running;
    const settle = (out: O[] | undefined, err?: unknown) => {
      let offset = 0;
      for (const { p, from, count } of parts) {
        if (err !== undefined || !out || out.length !== batch.length) {
          p.remaining = -1; // failed: later slices of this request are dropped on arrival
          p.reject(err ?? new Error(`model returned ${out?.length} outputs for ${batch.length} inputs`));
        } else if (p.remaining > 0) {
          for (let i = 0; i < count; i++) p.results[from + i] = out[offset + i]!;
          p.remaining -= count;
          if (p.remaining === 0) p.resolve(p.results);
        }
        offset += count;
      }
      this.running--;
      this.stats.running = this.running;
      this.schedule();
    };
    this.run(batch).then(
      (out) => settle(out),
      (err: unknown) => settle(undefined, err ?? new Error('batch failed')),
    );
  }

  /** Rejects everything still waiting; running batches finish. */
  close() {
    this.closed = true;
    this.timer?.cancel();
    for (const p of this.queue.splice(0)) p.reject(new Error('batcher is closed'));
    this.queuedItems = 0;
  }
}
