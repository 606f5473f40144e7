// bench/ingest: sustained event ingestion over HTTP. The real api process against a fresh
// database; this process is the load generator: batches of 500 unique events over keep-alive
// connections (autocannon, one new body per request) for --duration seconds. Then the raw
// ceiling of the same database: one process (no HTTP, no validation) inserting the same number
// of such rows into the same table with the same set-based INSERT ... SELECT FROM unnest(...).
// Prints JSON.   npm run bench:ingest [-- --duration 10 --connections 8 --batch 500]
import autocannon from 'autocannon';
import pg from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@/test/support/database';
import { freePort, startApiProcess } from '@/test/support/api-process';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    batch: { type: 'string', default: '500' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BATCH = Number(values.batch);
const TYPES = ['view', 'view', 'view', 'click', 'add_to_cart', 'purchase', 'like', 'rating'];

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { disconnectDb } = await import('@/services/db/client');
// Billing guards stay on, as in production: the workspace is on the Scale plan (no monthly cap in
// the way) and RATE_LIMIT_MULTIPLIER lifts the request rate limits above this load, so every
// request is still rate-limited and metered but none is refused (bench:metering measures their cost).
process.env.RATE_LIMIT_MULTIPLIER ??= '1000';
const { db } = await import('@/services/db/client');
const workspace = async (name: string) => {
  const ws = await provisionWorkspace({ name, ownerEmail: `${name}-${Date.now()}@bench.local`, allowedOrigins: ['http://localhost'] });
  await db().workspace.update({ where: { id: ws.workspaceId }, data: { plan: 'scale' } });
  return ws;
};
const warm = await workspace('bench-warmup');
const measured = await workspace('bench');
const raw = await workspace('bench-raw');

/** A realistic event: item types need itemId, ratings a value; small properties. */
function event(run: string, n: number) {
  const type = TYPES[n % TYPES.length]!;
  return {
    id: `${run}-${n}`,
    type,
    userId: `user-${n % 10_000}`,
    itemId: `item-${(n * 7919) % 5_000}`,
    ...(type === 'rating' ? { value: (n % 5) + 1 } : type === 'purchase' ? { value: 19.9 } : {}),
    timestamp: Date.now() - (n % 86_400_000),
    properties: { source: 'bench', position: n % 20, page: '/products' },
  };
}

const port = await freePort();
const api = await startApiProcess({
  databaseUrl: database.url,
  port,
  waitForModels: true, // the ML models load in the background after start: not during the measurement
  logLevel: 'info', // request logging on, as in production
  nodeArgs: process.env.CAIRN_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cairn-prof'] : [],
});

/**
 * One autocannon run. Each connection has one request in flight (no pipelining), so its context
 * tells which batch a response acknowledges. Returns the acknowledged batches' first sequence
 * numbers and the sums over the responses.
 */
async function load(key: string, run: string, duration: number) {
  let seq = 0;
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  const acknowledged: number[] = [];
  const result = await autocannon({
    url: `${api.url}/v1/events`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (req, context) => {
          const start = seq;
          seq += BATCH;
          (context as { start?: number }).start = start;
          const events = Array.from({ length: BATCH }, (_, i) => event(run, start + i));
          return { ...req, body: JSON.stringify({ events }) };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          const r = JSON.parse(body) as { accepted: number; duplicates: number; rejected: unknown[] };
          accepted += r.accepted;
          duplicates += r.duplicates;
          rejected += r.rejected.length;
          acknowledged.push((context as { start: number }).start);
        },
      },
    ],
  });
  return { result, accepted, duplicates, rejected, acknowledged, sent: seq };
}

/** The same rows, straight into the table from one connection: the database's own ceiling. */
async function rawCeiling(workspaceId: string, rows: number) {
  const client = new pg.Client({ connectionString: database.url });
  client.on('error', () => undefined); // ended by the database's drop if a failure skips client.end()
  await client.connect();
  const CHUNK = 5_000;
  const started = performance.now();
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const evs = Array.from({ length: n }, (_, i) => event('raw', start + i));
    // Deduplicated as the api does it: each id into "EventId" first, only new ones into "Event"
    // (a partitioned table, whose own key includes receivedAt).
    await client.query(
      `WITH t AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::text[])
           AS t(id, type, user_id, item_id, value, ms, properties)
       ), fresh AS (
         INSERT INTO "EventId" ("workspaceId", "id", "receivedAt") SELECT $1::text, t.id, (now() AT TIME ZONE 'UTC') FROM t
         ON CONFLICT ("workspaceId", "id") DO NOTHING RETURNING "id"
       )
       INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "anonymousId", "itemId", "value", "timestamp", "recommId", "properties", "receivedAt")
       SELECT $1::text, t.id, t.type, t.user_id, NULL, t.item_id, t.value, timestamp '1970-01-01' + t.ms * interval '1 millisecond',
              NULL, t.properties::jsonb, (now() AT TIME ZONE 'UTC')
       FROM t JOIN fresh ON fresh.id = t.id`,
      [
        workspaceId,
        evs.map((e) => e.id),
        evs.map((e) => e.type),
        evs.map((e) => e.userId),
        evs.map((e) => e.itemId),
        evs.map((e) => e.value ?? null),
        evs.map((e) => e.timestamp),
        evs.map((e) => JSON.stringify(e.properties)),
      ],
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { rows, seconds, eventsPerSec: Math.round(rows / seconds) };
}

/** CPU seconds (user + system) used so far by the api process and by all postgres processes (Linux /proc). */
function cpuSeconds(apiPid: number) {
  const ticks = (pid: number | string) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return { comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), t: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return { comm: '', t: 0 };
    }
  };
  let postgres = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const p = ticks(pid);
    if (p.comm.startsWith('postgres')) postgres += p.t;
  }
  const self = process.cpuUsage();
  return { api: ticks(apiPid).t / 100, postgres: postgres / 100, loadGenerator: (self.user + self.system) / 1e6 };
}

/** Stored events of the workspace, and how many of the acknowledged ones are among them. */
async function verify(workspaceId: string, run: string, acknowledged: number[]) {
  const ids = acknowledged.flatMap((start) => Array.from({ length: BATCH }, (_, i) => `${run}-${start + i}`));
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  const stored = await c.query<{ n: string }>('SELECT count(*) AS n FROM "Event" WHERE "workspaceId" = $1', [workspaceId]);
  const found = await c.query<{ n: string }>('SELECT count(*) AS n FROM "Event" WHERE "workspaceId" = $1 AND "id" = ANY($2::text[])', [
    workspaceId,
    ids,
  ]);
  await c.end();
  return { stored: Number(stored.rows[0]!.n), acknowledged: ids.length, acknowledgedFound: Number(found.rows[0]!.n) };
}

/**
 * What a real client does after the load stops: retry, with the same ids, every batch it sent
 * without reading an answer. Their events are then acknowledged as stored (newly, or as
 * duplicates of the commit whose response was cut off).
 */
async function retryUnacknowledged(key: string, run: string, sent: number, acknowledged: number[]) {
  const acked = new Set(acknowledged);
  let stored = 0;
  let batches = 0;
  for (let start = 0; start < sent; start += BATCH) {
    if (acked.has(start)) continue;
    const events = Array.from({ length: BATCH }, (_, i) => event(run, start + i));
    const res = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (!res.ok) throw new Error(`retry of batch ${start} answered ${res.status}`);
    const r = (await res.json()) as { accepted: number; duplicates: number };
    stored += r.accepted + r.duplicates;
    batches += 1;
    acknowledged.push(start);
  }
  return { batches, stored };
}

try {
  await load(warm.secretKey, 'warm', 3); // JIT, pools, caches
  const cpuBefore = cpuSeconds(api.pid);
  const run = await load(measured.secretKey, 'bench', DURATION);
  const cpuAfter = cpuSeconds(api.pid);
  // Postgres backends that exit during the run are not counted (pool connections stay open).
  const cpu = Object.fromEntries(
    (['api', 'postgres', 'loadGenerator'] as const).map((k) => [k, Math.round((cpuAfter[k] - cpuBefore[k]) * 10) / 10]),
  );
  const retried = await retryUnacknowledged(measured.secretKey, 'bench', run.sent, run.acknowledged);
  const check = await verify(measured.workspaceId, 'bench', run.acknowledged);
  const eventsPerSec = Math.round(run.accepted / DURATION);
  const ceiling = await rawCeiling(raw.workspaceId, Math.max(check.stored, 50_000));
  const figures = {
    benchmark: 'ingest',
    endpoint: 'POST /v1/events',
    batchSize: BATCH,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    batches: run.result.requests.total,
    non2xx: run.result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(run.result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
    errors: run.result.errors,
    timeouts: run.result.timeouts,
    eventsAccepted: run.accepted,
    duplicates: run.duplicates,
    rejected: run.rejected,
    eventsPerSec,
    batchLatencyMs: { p50: run.result.latency.p50, p90: run.result.latency.p90, p99: run.result.latency.p99, max: run.result.latency.max },
    cpuSecondsDuringRun: cpu,
    // Batches in flight when the load stopped, retried with the same ids (as clients do).
    retriedBatches: retried.batches,
    // lost: acknowledged events missing from the database; the database must hold exactly the
    // acknowledged events (accepted during the load + stored by the retries).
    dbCount: check.stored,
    acknowledgedStored: run.accepted + retried.stored,
    lost: check.acknowledged - check.acknowledgedFound,
    dbCountEqualsAcknowledged: check.stored === run.accepted + retried.stored,
    rawCeiling: { method: 'INSERT ... SELECT FROM unnest, 5,000 rows per statement, one connection', ...ceiling },
    ratioToRawCeiling: Math.round((eventsPerSec / ceiling.eventsPerSec) * 100) / 100,
    targets: { eventsPerSec: 25_000, lost: 0 },
  };
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} finally {
  await api.stop();
  await disconnectDb();
  await database.drop();
}
