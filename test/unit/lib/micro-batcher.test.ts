import { describe, expect, it } from 'vitest';
import { MicroBatcher, OverloadedError } from '@/lib/micro-batcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake model that records each batch it is given and answers item * 10. */
function recorder(delayMs = 0) {
  const batches: number[][] = [];
  const run = async (batch: number[]) => {
    batches.push([...batch]);
    if (delayMs) await sleep(delayMs);
    return batch.map((x) => x * 10);
  };
  return { batches, run };
}

describe('MicroBatcher', () => {
  it('runs a batch as soon as maxBatch items wait, without waiting for the timer', async () => {
    const r = recorder();
    const b = new MicroBatcher(r.run, { maxBatch: 4, maxWaitMs: 10_000, maxQueue: 100 });
    const t0 = Date.now();
    const out = await Promise.all([b.submit([1, 2]), b.submit([3, 4])]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
    expect(out).toEqual([[10, 20], [30, 40]]);
  });

  it('runs a partial batch after maxWaitMs', async () => {
    const r = recorder();
    const b = new MicroBatcher(r.run, { maxBatch: 100, maxWaitMs: 30, maxQueue: 100 });
    const t0 = Date.now();
    const p = Promise.all([b.submit([1]), b.submit([2]), b.submit([3])]);
    await sleep(5);
    expect(r.batches).toEqual([]); // still collecting
    expect(await p).toEqual([[10], [20], [30]]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it('gives each caller its own slice, also when a request spans batches', async () => {
    const r = recorder(5);
    const b = new MicroBatcher(r.run, { maxBatch: 3, maxWaitMs: 1, maxQueue: 100 });
    const [a, c, d] = await Promise.all([b.submit([1, 2]), b.submit([3, 4, 5, 6, 7]), b.submit([8])]);
    expect(a).toEqual([10, 20]);
    expect(c).toEqual([30, 40, 50, 60, 70]);
    expect(d).toEqual([80]);
    expect(r.batches.every((x) => x.length <= 3)).toBe(true);
    expect(r.batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(b.stats.items).toBe(8);
  });

  it('collects requests that arrive while a batch runs into the next batch', async () => {
    const r = recorder(20);
    const b = new MicroBatcher(r.run, { maxBatch: 64, maxWaitMs: 0, maxQueue: 100 });
    const first = b.submit([1]);
    await sleep(5); // the first batch (of one) is running now
    const rest = Promise.all([2, 3, 4, 5].map((x) => b.submit([x])));
    await Promise.all([first, rest]);
    expect(r.batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('rejects with OverloadedError beyond maxQueue waiting items, and recovers', async () => {
    const r = recorder(30);
    const b = new MicroBatcher(r.run, { maxBatch: 2, maxWaitMs: 0, maxQueue: 4 });
    const running = b.submit([1, 2]); // a full batch: taken at once, the queue is empty again
    const queued = [b.submit([3, 4]), b.submit([5, 6])]; // 4 waiting: the limit
    await expect(b.submit([7])).rejects.toBeInstanceOf(OverloadedError);
    await expect(b.submit([7])).rejects.toThrow(/queue is full/);
    expect(b.stats.rejected).toBe(2);
    expect(await running).toEqual([10, 20]);
    expect(await Promise.all(queued)).toEqual([[30, 40], [50, 60]]);
    expect(await b.submit([7])).toEqual([70]);
  });

  it('fails every caller of a failed batch, and only those', async () => {
    let calls = 0;
    const b = new MicroBatcher(
      async (batch: number[]) => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return batch;
      },
      { maxBatch: 2, maxWaitMs: 0, maxQueue: 10 },
    );
    // [1] and [2] share the first batch (it fails); [3] runs in the second.
    const results = await Promise.allSettled([b.submit([1]), b.submit([2]), b.submit([3])]);
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(await b.submit([4])).toEqual([4]);
  });

  it('answers an empty request at once and refuses work after close', async () => {
    const r = recorder();
    const b = new MicroBatcher(r.run, { maxBatch: 2, maxWaitMs: 50, maxQueue: 10 });
    expect(await b.submit([])).toEqual([]);
    const pending = b.submit([1]);
    b.close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(b.submit([1])).rejects.toThrow(/closed/);
  });
});
