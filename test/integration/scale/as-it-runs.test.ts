// Cairn past one machine, tested as it would run (issue 17): a PostgreSQL primary and its streaming
// replica (pg_basebackup), Redis, the fake Stripe, Debian's HAProxy with deploy/haproxy.cfg in front
// of two api processes, and two worker processes; every piece a real process. Then, in order:
//   1. ingestion through the balancer while one api process is SIGKILLed and restarted (clients
//      retry with the same ids): 0 lost, 0 duplicated, and the ledger bills each event once;
//   2. a key's rate limit holds cluster-wide within 10% (Redis);
//   3. the Free quota stops exactly at its cap with both processes taking batches at once;
//   4. a revoked key is refused by both processes within 2 s;
//   5. two workers never train one workspace at once, and the promoted model serves from both api
//      processes within 2 s;
//   6. usage reported to the fake Stripe by the workers equals the ledger.
// The parts are tested one by one in the other files of this folder; this one runs them together.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { startWorkerProcess } from '@/test/support/worker-process';
import { startRedisServer } from '@/test/support/redis-server';
import { startReplicatedPostgres, type ReplicatedPostgres } from '@/test/support/pg-replica';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { stripeTestEnv } from '@/test/support/billing';
import { migrateDatabase } from '@/services/db/migrate';
import { PROJECT_ROOT } from '@/services/paths';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
type Worker = Awaited<ReturnType<typeof startWorkerProcess>>;
let cluster: ReplicatedPostgres;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let fake: FakeStripe;
let haproxy: ChildProcess | undefined;
let apiPorts: number[] = [];
let apis: Api[] = [];
let workers: Worker[] = [];
let lb: string;
let databaseUrl: string;
let processEnv: Record<string, string>;
// Loaded after the environment points at the test's primary (the services read it once).
let db: typeof import('@/services/db/client').db;
let builders: typeof import('@/test/support/builders');

// Free: 5 req/s per key + a 25-request burst here (as in shared-rate-limits.test.ts).
const RATE_LIMIT_MULTIPLIER = '0.025';

beforeAll(async () => {
  cluster = await startReplicatedPostgres();
  const admin = new pg.Client({ connectionString: cluster.primaryUrl('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE cairn');
  await admin.end();
  databaseUrl = cluster.primaryUrl('cairn');
  await migrateDatabase(databaseUrl);
  [redis, fake] = await Promise.all([startRedisServer(), startFakeStripe()]);
  processEnv = {
    DATABASE_REPLICA_URL: cluster.replicaUrl('cairn'),
    REDIS_URL: redis.url,
    RATE_LIMIT_MULTIPLIER,
    ML_PRELOAD: 'false',
    RECS_TRAIN_BUDGET_MS: '3000',
    ...stripeTestEnv(fake),
  };
  Object.assign(process.env, processEnv, { DATABASE_URL: databaseUrl });
  ({ db } = await import('@/services/db/client'));
  builders = await import('@/test/support/builders');

  apiPorts = [await freePort(), await freePort()];
  [apis, workers] = await Promise.all([
    Promise.all(apiPorts.map((port) => startApiProcess({ databaseUrl, port, env: processEnv }))),
    Promise.all([0, 1].map(() => startWorkerProcess({ databaseUrl, env: processEnv }))),
  ]);
  const [port, statsPort] = [await freePort(), await freePort()];
  lb = `http://127.0.0.1:${port}`;
  haproxy = spawn('haproxy', ['-db', '-f', path.join(PROJECT_ROOT, 'deploy/haproxy.cfg')], {
    env: { ...process.env, HAPROXY_BIND: `127.0.0.1:${port}`, HAPROXY_STATS_BIND: `127.0.0.1:${statsPort}`, API1: `127.0.0.1:${apiPorts[0]}`, API2: `127.0.0.1:${apiPorts[1]}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until(async () => (await fetch(`${lb}/readyz`)).ok, 30_000);
}, 240_000);

afterAll(async () => {
  haproxy?.kill('SIGTERM');
  await Promise.all([...apis.map((a) => a.stop()), ...workers.map((w) => w.stop())]);
  await redis?.stop();
  fake?.close();
  await (await import('@/services/db/client')).disconnectDb();
  await cluster?.stop();
}, 60_000);

async function until(check: () => Promise<boolean>, ms: number) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check().catch(() => false)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${ms} ms`);
}

async function tenant(plan: 'free' | 'pro' | 'scale' = 'free') {
  const owner = await builders.buildOwner();
  if (plan !== 'free') await db().workspace.update({ where: { id: owner.workspace.id }, data: { plan } });
  const { key, record } = await builders.buildKey(owner);
  return { workspaceId: owner.workspace.id, userId: owner.user.id, key, keyId: record.id };
}

const call = async (base: string, key: string, route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch(() => null);
  const json = res ? await res.json().catch(() => null) : null;
  return { status: res?.status ?? 0, body: json, retryAfter: Number(res?.headers.get('retry-after') ?? 0) };
};

/** Posts a batch until it is stored: network errors, 5xx and rate limits are retried with the same ids. */
async function sendUntilStored(base: string, key: string, events: unknown[]) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await call(base, key, '/v1/events', { events });
    if (res.status === 200) {
      const body = res.body as { accepted: number; duplicates: number; rejected: unknown[] };
      expect(body.rejected).toEqual([]);
      return { ...body, attempts: attempt + 1 };
    }
    if (res.status === 429 && res.body?.error?.code === 'quota_exceeded') return { accepted: 0, duplicates: 0, attempts: attempt + 1, quotaExceeded: true };
    await new Promise((r) => setTimeout(r, res.status === 429 ? Math.max(res.retryAfter * 1000, 200) : 100));
  }
  throw new Error('batch never stored');
}

const ledger = async (workspaceId: string, meter: string) =>
  Number((await db().usageRecord.aggregate({ where: { workspaceId, meter }, _sum: { quantity: true } }))._sum.quantity ?? 0);

describe('two api and two worker processes behind HAProxy, on a replicated PostgreSQL and Redis', () => {
  it('ingestion loses and duplicates nothing while an api process is SIGKILLed and restarted', async () => {
    const t = await tenant('scale');
    const BATCHES = 80;
    const batch = (b: number) => Array.from({ length: 10 }, (_, i) => ({ id: `b${b}-${i}`, type: 'view', userId: `u${b % 13}`, itemId: `i${(b + i) % 17}` }));
    let next = 0;
    let attempts = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let b = next++; b < BATCHES; b = next++) {
          if (b === 25) {
            await apis[0]!.kill(); // mid-load, requests in flight
            setTimeout(() => void startApiProcess({ databaseUrl, port: apiPorts[0]!, env: processEnv }).then((a) => (apis[0] = a)), 1000);
          }
          const sent = await sendUntilStored(lb, t.key, batch(b));
          attempts += sent.attempts;
        }
      }),
    );
    const [counted] = await db().$queryRaw<{ rows: number; ids: number }[]>`
      SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM "Event" WHERE "workspaceId" = ${t.workspaceId}`;
    const { rows, ids } = counted!;
    expect(rows).toBe(BATCHES * 10);
    expect(ids).toBe(BATCHES * 10);
    expect(await ledger(t.workspaceId, 'events')).toBe(BATCHES * 10); // each event billed once
    // The killed process is back and serving.
    await until(async () => (await call(`http://127.0.0.1:${apiPorts[0]}`, t.key, '/v1/me')).status === 200, 60_000);
    console.log(`ingestion with a SIGKILL: ${attempts - BATCHES} retried posts, ${rows} events stored once each`);
  }, 180_000);

  it("holds a key's rate limit cluster-wide within 10%", async () => {
    const t = await tenant();
    for (const port of apiPorts) await call(`http://127.0.0.1:${port}`, t.key, '/v1/me'); // both caches hold the key
    await new Promise((r) => setTimeout(r, 1100)); // a fresh one-second window
    let ok = 0;
    let n = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = n++; i < 80; i = n++) if ((await call(`http://127.0.0.1:${apiPorts[i % 2]}`, t.key, '/v1/me')).status === 200) ok++;
      }),
    );
    const allowed = 25 + 5 * (Math.floor((Date.now() - t0) / 1000) + 1); // one shared allowance
    expect(ok).toBeGreaterThanOrEqual(Math.floor(30 * 0.9));
    expect(ok).toBeLessThanOrEqual(Math.ceil(allowed * 1.1));
  });

  it('stops the Free quota exactly at its cap with both processes taking batches at once', async () => {
    const { PLANS } = await import('@/services/billing/plans');
    const { recordUsage } = await import('@/services/metering/record-usage');
    const cap = PLANS.free.included.events;
    const t = await tenant();
    await db().$transaction((tx) => recordUsage(tx, { workspaceId: t.workspaceId, meter: 'events', quantity: cap - 100 }));
    // 20 batches of 10 (twice what is left), alternating over the two processes, all at once.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, b) =>
        sendUntilStored(`http://127.0.0.1:${apiPorts[b % 2]}`, t.key, Array.from({ length: 10 }, (_, i) => ({ id: `q${b}-${i}`, type: 'view', userId: 'u', itemId: `i${i}` }))),
      ),
    );
    const outcome = {
      refused: results.filter((r) => r.quotaExceeded).length,
      stored: await db().event.count({ where: { workspaceId: t.workspaceId } }),
      billed: await ledger(t.workspaceId, 'events'),
    };
    expect(outcome).toEqual({ refused: 10, stored: 100, billed: cap });
  });

  it('refuses a revoked key on both processes within 2 s', async () => {
    const { revokeApiKey } = await import('@/services/api-keys/revoke-api-key');
    const t = await tenant();
    const bases = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    for (const base of bases) expect((await call(base, t.key, '/v1/me')).status).toBe(200);
    const t0 = Date.now();
    await revokeApiKey({ workspaceId: t.workspaceId, actorUserId: t.userId, keyId: t.keyId });
    const ms = await Promise.all(bases.map((base) => until(async () => (await call(base, t.key, '/v1/me')).status === 401, 5000)));
    for (const m of ms) expect(m).toBeLessThan(2000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('trains one workspace on one worker at a time, and the promoted model serves from both api processes within 2 s', async () => {
    const { movieLensLike } = await import('@/ml/recsys/synthetic');
    const { enqueue } = await import('@/services/jobs/enqueue');
    const { trainRecommenderJob } = await import('@/services/recommend/jobs');
    const t = await tenant('scale');
    const d = movieLensLike({ users: 300, items: 300, ratings: 15_000, seed: 3 });
    const items = d.itemCategories.map((c, i) => ({ id: `m${i}`, title: `movie ${i}`, categories: c.map((g) => `g${g}`) }));
    expect((await call(lb, t.key, '/v1/items', { items }, 'PUT')).status).toBe(200);
    for (let e = 0; e < d.log.length; e += 1000) {
      const events = [];
      for (let k = e; k < Math.min(e + 1000, d.log.length); k++) {
        events.push({ id: `r${k}`, type: 'rating', userId: `u${d.log.user[k]}`, itemId: `m${d.log.item[k]}`, value: d.log.value[k], timestamp: new Date(d.log.time[k]!).toISOString() });
      }
      await sendUntilStored(lb, t.key, events);
    }
    const bases = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    for (const base of bases) expect((await call(base, t.key, '/v1/recommendations?userId=u1')).body.modelVersion).toBeNull();

    const jobIds = await db().$transaction(async (tx) => {
      const ids = [];
      for (const version of [1, 2]) {
        const jobId = await enqueue(tx, trainRecommenderJob, { workspaceId: t.workspaceId, version });
        await tx.recModelVersion.create({ data: { workspaceId: t.workspaceId, version, jobId, status: 'queued', trigger: 'api' } });
        ids.push(jobId);
      }
      return ids;
    });
    let maxRunning = 0;
    let maxActiveJobs = 0;
    type Row = { version: number; status: string; promoted: boolean };
    let rows: Row[] = [];
    await until(async () => {
      const [active] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE id = ANY(${jobIds}::uuid[]) AND state = 'active'`;
      rows = await db().recModelVersion.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { version: 'asc' }, select: { version: true, status: true, promoted: true } });
      maxActiveJobs = Math.max(maxActiveJobs, active!.n);
      maxRunning = Math.max(maxRunning, rows.filter((r) => r.status === 'running').length);
      return rows.every((r) => r.status === 'completed' || r.status === 'failed');
    }, 180_000);
    const seenDone = Date.now();
    expect(rows.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(maxActiveJobs).toBe(2); // both workers held a job at once...
    expect(maxRunning).toBe(1); // ...but one trained at a time
    const serving = Math.max(...rows.filter((r) => r.promoted).map((r) => r.version));
    const ms = await Promise.all(bases.map((base) => until(async () => (await call(base, t.key, '/v1/recommendations?userId=u1')).body.modelVersion === serving, 5000)));
    for (const m of ms) expect(m).toBeLessThan(2000);
    console.log(`model v${serving} served by both api processes ${ms.join(' / ')} ms after the training was seen done (${Date.now() - seenDone} ms)`);
  }, 300_000);

  it('reports usage to Stripe from the workers exactly as the ledger holds it', async () => {
    const { ensureStripeCustomer } = await import('@/services/billing/ensure-stripe-customer');
    const { enqueue } = await import('@/services/jobs/enqueue');
    const { reportUsageJob } = await import('@/services/billing/jobs');
    const t = await tenant('pro');
    const customerId = await ensureStripeCustomer({ workspaceId: t.workspaceId });
    await sendUntilStored(lb, t.key, Array.from({ length: 37 }, (_, i) => ({ id: `s${i}`, type: 'view', userId: 'u', itemId: `i${i % 5}` })));
    expect((await call(lb, t.key, '/v1/recommendations?userId=u')).status).toBe(200);
    // Two runs at once, one per worker (as a scheduled run and an operator's would).
    await db().$transaction(async (tx) => {
      await enqueue(tx, reportUsageJob, { workspaceIds: [t.workspaceId] });
      await enqueue(tx, reportUsageJob, { workspaceIds: [t.workspaceId] });
    });
    await until(async () => (await db().usageRecord.count({ where: { workspaceId: t.workspaceId, reportId: null } })) === 0 && (await db().usageReport.count({ where: { workspaceId: t.workspaceId, sentAt: null } })) === 0, 60_000);
    const expected = new Map<string, number>();
    for (const r of await db().usageRecord.groupBy({ by: ['meter'], where: { workspaceId: t.workspaceId }, _sum: { quantity: true } })) {
      expected.set(`${customerId} cairn_${r.meter}`, r._sum.quantity ?? 0);
    }
    expect(expected.get(`${customerId} cairn_events`)).toBe(37);
    expect(new Map([...fake.meterTotals()].filter(([k]) => k.startsWith(`${customerId} `)))).toEqual(expected);
  }, 120_000);
});
