// Cluster-wide rate limits (issue 17): two real api processes share their counters through a real
// Redis (REDIS_URL), so a key gets its plan's rate once, not once per process; when Redis dies each
// process falls back to its own counters (fail-open to per-process limits: never a 5xx, never
// unlimited), and counts cluster-wide again once Redis is back.
// RATE_LIMIT_MULTIPLIER scales Free down to 5 req/s per key + a 25-request burst: 30 in a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { startRedisServer } from '@/test/support/redis-server';
import { buildKey, buildOwner } from '@/test/support/builders';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let apis: Api[] = [];
const PER_SECOND_PLUS_BURST = 5 + 25;

beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REDIS_URL: redis.url, RATE_LIMIT_MULTIPLIER: '0.025' };
  apis = await Promise.all([0, 1].map(async () => startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), env })));
}, 120_000);
afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
  await redis?.stop();
});

/** A new key, already in both processes' key caches, with its steady window over (the burst untouched). */
const newKey = async () => {
  const key = (await buildKey(await buildOwner())).key;
  for (const api of apis) await (await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).body?.cancel();
  await new Promise((r) => setTimeout(r, 1100));
  return key;
};
// What one counter lets through in `ms`: the 25 burst plus 5 per one-second window touched.
const allowedIn = (ms: number) => 25 + 5 * (Math.floor(ms / 1000) + 1);

/** `n` requests of one key, alternating over `targets`, 6 at a time; statuses per target. */
async function burst(key: string, targets: Api[], n: number) {
  const statuses = targets.map(() => [] as number[]);
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = i % targets.length;
        const res = await fetch(`${targets[t]!.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
        await res.body?.cancel();
        statuses[t]!.push(res.status);
      }
    }),
  );
  const ms = Date.now() - t0;
  const ok = statuses.map((s) => s.filter((x) => x === 200).length);
  const other = statuses.flat().filter((x) => x !== 200 && x !== 429);
  return { ok, total: ok.reduce((a, b) => a + b, 0), other, ms };
}

describe('rate limits with REDIS_URL', () => {
  it("holds a key's limit cluster-wide within 10% across two api processes", async () => {
    const r = await burst(await newKey(), apis, 80);
    expect(r.other).toEqual([]);
    // Per-process counters would let twice as many through (30+ in each); shared ones one allowance.
    expect(r.total).toBeGreaterThanOrEqual(Math.floor(PER_SECOND_PLUS_BURST * 0.9));
    expect(r.total).toBeLessThanOrEqual(Math.ceil(allowedIn(r.ms) * 1.1));
    expect(r.total).toBeLessThan(2 * PER_SECOND_PLUS_BURST * 0.8);
    expect(Math.min(...r.ok)).toBeGreaterThan(5); // both processes served
  });

  it('fails open to per-process limits while Redis is down, and shares again once it is back', async () => {
    await redis.kill();
    const down = await burst(await newKey(), apis, 100);
    expect(down.other).toEqual([]); // no 5xx: the API stays up without Redis
    // Each process counts alone: 30 each, still limited (not unlimited).
    for (const ok of down.ok) {
      expect(ok).toBeGreaterThanOrEqual(PER_SECOND_PLUS_BURST);
      expect(ok).toBeLessThanOrEqual(allowedIn(down.ms));
    }

    await redis.restart();
    // ioredis reconnects within its 2 s retry step.
    await new Promise((r) => setTimeout(r, 2500));
    const back = await burst(await newKey(), apis, 80);
    expect(back.other).toEqual([]);
    expect(back.total).toBeGreaterThanOrEqual(Math.floor(PER_SECOND_PLUS_BURST * 0.9));
    expect(back.total).toBeLessThanOrEqual(Math.ceil(allowedIn(back.ms) * 1.1));
    expect(back.total).toBeLessThan(2 * PER_SECOND_PLUS_BURST * 0.8);
  });
});
