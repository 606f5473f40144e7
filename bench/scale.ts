// bench/scale: what more processes and an older database do to throughput. Prints JSON.
//   npm run bench:scale [-- --duration 8 --connections 32 --old-rows 10000000 --rounds 3 --parts processes,ingestion,replica]
// 1. GET /v1/me, POST /v1/events (10 events per request) and GET /v1/popular with 1 vs 2 api
//    processes (`cairn start`'s cluster, services/api/cluster-main.ts) on this machine, as ratios;
//    wrk's own CPU is reported, since it shares the cores with the server.
// 2. Ingestion into an Event table already holding `--old-rows` old rows (other workspaces, over
//    the last year, in the old-rows partition as after a real upgrade) vs an empty one, as a ratio
//    of the medians of `--rounds` alternating runs.
// 3. Replica lag under ingestion load: a primary and a streaming replica made with pg_basebackup
//    (test/support/pg-replica.ts), the lag sampled every 100 ms while wrk loads the primary's api.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort, modelsSettled } from '@/test/support/api-process';
import { createTestDatabase } from '@/test/support/database';
import { startReplicatedPostgres } from '@/test/support/pg-replica';
import { migrateDatabase } from '@/services/db/migrate';
import { hasWrk, runWrkAsync } from './support/wrk';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32' },
    'old-rows': { type: 'string', default: '10000000' },
    parts: { type: 'string', default: 'processes,ingestion,replica' },
    rounds: { type: 'string', default: '3' },
  },
});
const PARTS = new Set(values.parts.split(','));
const SECONDS = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const OLD_ROWS = Number(values['old-rows']);
if (!hasWrk()) throw new Error('bench:scale needs wrk (apt-get install wrk)');
process.env.RATE_LIMIT_MULTIPLIER ??= '1000'; // limits on, as in production, but above this load
process.env.LOG_LEVEL ??= 'warn';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-scale-'));
let runs = 0;

/**
 * A workspace on the Scale plan (no monthly cap in the way) and a secret key, in `databaseUrl`,
 * made by the admin CLI in its own process (each database here is another process's configuration).
 */
async function workspaceIn(databaseUrl: string): Promise<{ workspaceId: string; secretKey: string }> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'services/cli/main.ts'), 'workspace', 'create', '--name', 'bench-scale', '--owner-email', `scale-${Date.now()}@bench.local`, '--origin', 'http://localhost'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  const ws = JSON.parse(out) as { workspaceId: string; secretKey: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`UPDATE "Workspace" SET "plan" = 'scale' WHERE "id" = $1`, [ws.workspaceId]);
  await client.end();
  return ws;
}

/** `cairn start`'s api (cluster-main.ts) with `processes` processes; resolves when it answers. */
async function startApi(databaseUrl: string, processes: number) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'services/api/cluster-main.ts')], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: String(processes), METRICS_PORT: '0' },
  });
  const url = `http://127.0.0.1:${port}`;
  // Each process loads the ML models in the background after it answers; while it does, its CPU is
  // taken. Ready when several answers in a row (any process may give each) say every model settled.
  const settled = () => fetch(`${url}/readyz`).then(async (r) => r.ok && modelsSettled(await r.json()), () => false);
  for (let i = 0, inARow = 0; inARow < 4 * processes; i++) {
    if (i > 3000 || child.exitCode !== null) throw new Error('api did not start');
    inARow = (await settled()) ? inARow + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

/** A wrk script: POST /v1/events with 10 new events per request (ids unique per run). */
function eventsScript(key: string) {
  const file = path.join(tmp, `events-${++runs}.lua`);
  fs.writeFileSync(
    file,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${key}"
local n = 0
request = function()
  local events = {}
  for i = 1, 10 do
    n = n + 1
    events[i] = '{"id":"r${runs}-' .. n .. '","type":"view","userId":"user-' .. (n % 5000) .. '","itemId":"item-' .. ((n * 7919) % 2000) .. '"}'
  end
  return wrk.format(nil, "/v1/events", nil, '{"events":[' .. table.concat(events, ",") .. ']}')
end
`,
  );
  return file;
}

async function load(url: string, key: string, what: 'me' | 'events' | 'popular', seconds = SECONDS) {
  // A 10 s timeout: on a loaded machine a slow answer is still an answer (wrk's default is 2 s).
  const args = ['--timeout', '10s', ...(what === 'events' ? ['-s', eventsScript(key)] : ['-H', `Authorization: Bearer ${key}`])];
  const target = what === 'me' ? `${url}/v1/me` : what === 'popular' ? `${url}/v1/popular?limit=10` : url;
  await runWrkAsync(target, { connections: CONNECTIONS, seconds: 3, args: what === 'events' ? ['--timeout', '10s', '-s', eventsScript(key)] : args }); // warm-up (its own event ids)
  const r = await runWrkAsync(target, { connections: CONNECTIONS, seconds, args });
  return {
    reqPerSec: Math.round(r.reqPerSec),
    latencyMs: r.latencyMs,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    loadGeneratorCpuShare: r.loadGeneratorCpuSeconds === null ? null : Math.round((r.loadGeneratorCpuSeconds / seconds / os.availableParallelism()) * 100) / 100,
  };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

// ---- 1 vs 2 api processes ----------------------------------------------------------------------
const database = await createTestDatabase();
const ws = await workspaceIn(database.url);
type Load = Awaited<ReturnType<typeof load>>;
const processes: Record<number, { me: Load; events: Load; popular: Load }> = {};
for (const n of PARTS.has('processes') ? [1, 2] : []) {
  const api = await startApi(database.url, n);
  try {
    processes[n] = { me: await load(api.url, ws.secretKey, 'me'), events: await load(api.url, ws.secretKey, 'events'), popular: await load(api.url, ws.secretKey, 'popular') };
  } finally {
    api.stop();
  }
}

// ---- ingestion with old rows vs an empty table -------------------------------------------------
// Both databases and their api processes stay up and are loaded in turn, ROUNDS times each, in
// alternating order: on a shared machine, load from elsewhere then falls on both alike.
async function ingestionDatabase(oldRows: number) {
  const db = await createTestDatabase();
  const w = await workspaceIn(db.url);
  if (oldRows > 0) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const started = Date.now();
    // Old rows of 100 other workspaces, spread over the year before the migration, where an upgraded
    // database holds them: the partition Event_history (services/event-partitions). Written into a
    // plain table with no index (slices of 1 M rows from generate_series), then attached: ATTACH
    // builds the parent's indexes once, in bulk, and the CHECK spares it the range scan.
    await client.query(`INSERT INTO "Workspace" ("id", "name") SELECT 'old-' || g, 'old ' || g FROM generate_series(1, 100) g`);
    const bound = (await client.query<{ bound: string }>(`SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'Event_history'`)).rows[0]!.bound;
    const split = /TO \('([^']+)'\)/.exec(bound)![1]!;
    await client.query(`ALTER TABLE "Event" DETACH PARTITION "Event_history"`);
    await client.query(`DROP TABLE "Event_history"`);
    await client.query(`CREATE TABLE "Event_history" (LIKE "Event" INCLUDING DEFAULTS)`);
    for (let from = 0; from < oldRows; from += 1_000_000) {
      const to = Math.min(oldRows, from + 1_000_000);
      await client.query(`INSERT INTO "Event_history" ("workspaceId", "id", "type", "userId", "itemId", "timestamp", "receivedAt")
        SELECT 'old-' || (g % 100 + 1), 'e' || g, 'view', 'u' || (g % 50000), 'i' || (g % 5000), t, t
        FROM generate_series($1::bigint, $2::bigint - 1) g,
             LATERAL (SELECT $3::timestamp - interval '1 second' - (g % 31536000) * interval '1 second' AS t) r`, [from, to, split]);
      process.stderr.write(`old rows: ${to}\n`);
    }
    await client.query(`ALTER TABLE "Event_history" ADD CONSTRAINT "Event_history_range" CHECK ("receivedAt" < '${split}')`);
    await client.query(`ALTER TABLE "Event" ATTACH PARTITION "Event_history" FOR VALUES FROM (MINVALUE) TO ('${split}')`);
    // The ids of the last EVENT_DEDUPE_DAYS (7) days are in EventId, as in production.
    await client.query(`INSERT INTO "EventId" ("workspaceId", "id", "receivedAt")
      SELECT "workspaceId", "id", "receivedAt" FROM "Event_history" WHERE "receivedAt" > $1::timestamp - interval '7 days'`, [split]);
    await client.query('VACUUM ANALYZE "Event_history"');
    await client.query('VACUUM ANALYZE "EventId"');
    // Write the load's dirty pages out now, not during the measurement (a checkpoint of ~2 GB of
    // bulk writes would land on the old-rows runs only). Needs a superuser; skipped otherwise.
    await client.query('CHECKPOINT').catch(() => process.stderr.write('CHECKPOINT not allowed: the first old-rows run may pay for it\n'));
    process.stderr.write(`old rows loaded in ${Math.round((Date.now() - started) / 1000)} s\n`);
    await client.end();
  }
  return { db, key: w.secretKey, api: await startApi(db.url, 1) };
}
const ROUNDS = Number(values.rounds);

/**
 * The ingest statement's shape (EventId first, then the partitioned Event; services/ingest/
 * ingest-events.ts) run directly on both databases in turn: 60 batches of 500 new events each,
 * the first 10 as warm-up; median milliseconds per batch and old/empty.
 */
async function statementTimes(emptyUrl: string, oldUrl: string) {
  const sql = `
    WITH t AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, user_id, item_id)),
    fresh AS (INSERT INTO "EventId" ("workspaceId", "id", "receivedAt") SELECT $1::text, t.id, localtimestamp FROM t
              ON CONFLICT ("workspaceId", "id") DO NOTHING RETURNING "id")
    INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "itemId", "timestamp", "receivedAt")
    SELECT $1::text, t.id, 'view', t.user_id, t.item_id, localtimestamp, localtimestamp FROM t JOIN fresh ON fresh.id = t.id`;
  const clients = { empty: new pg.Client({ connectionString: emptyUrl }), old: new pg.Client({ connectionString: oldUrl }) };
  const times = { empty: [] as number[], old: [] as number[] };
  let n = 0;
  try {
    for (const c of Object.values(clients)) {
      await c.connect();
      await c.query(`INSERT INTO "Workspace" ("id", "name") VALUES ('bench-sql', 'bench-sql')`);
    }
    for (let round = 0; round < 60; round++) {
      for (const which of round % 2 === 0 ? (['empty', 'old'] as const) : (['old', 'empty'] as const)) {
        const ids = Array.from({ length: 500 }, () => `s${n++}`);
        const t0 = performance.now();
        await clients[which].query(sql, ['bench-sql', ids, ids.map((_, i) => `u${(n + i) % 5000}`), ids.map((_, i) => `i${(n + i) % 2000}`)]);
        if (round >= 10) times[which].push(performance.now() - t0);
      }
    }
  } finally {
    for (const c of Object.values(clients)) await c.end();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const e = median(times.empty);
  const o = median(times.old);
  return { empty: Math.round(e * 100) / 100, old: Math.round(o * 100) / 100, oldVsEmpty: ratio(o, e) };
}
let ingestion: Record<string, unknown> | null = null;
if (PARTS.has('ingestion')) {
  const empty = await ingestionDatabase(0);
  const old = await ingestionDatabase(OLD_ROWS);
  const runs: { empty: Load[]; old: Load[] } = { empty: [], old: [] };
  let statement: Record<string, number> = {};
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const which of r % 2 === 0 ? (['empty', 'old'] as const) : (['old', 'empty'] as const)) {
        const target = which === 'empty' ? empty : old;
        runs[which].push(await load(target.api.url, target.key, 'events'));
      }
    }
    statement = await statementTimes(empty.db.url, old.db.url);
  } finally {
    for (const d of [empty, old]) d.api.stop();
    await new Promise((r) => setTimeout(r, 2000)); // the api processes close their connections
    for (const d of [empty, old]) await d.db.drop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rates = (xs: Load[]) => xs.map((x) => x.reqPerSec);
  ingestion = {
    oldRows: OLD_ROWS,
    eventsPerRequest: 10,
    emptyTable: { reqPerSec: rates(runs.empty), p99Ms: runs.empty.map((x) => x.latencyMs.p99), non2xx: runs.empty.reduce((s, x) => s + x.non2xx, 0) },
    oldTable: { reqPerSec: rates(runs.old), p99Ms: runs.old.map((x) => x.latencyMs.p99), non2xx: runs.old.reduce((s, x) => s + x.non2xx, 0) },
    pairedOldVsEmpty: runs.old.map((x, i) => ratio(x.reqPerSec, runs.empty[i]!.reqPerSec)),
    oldVsEmpty: ratio(median(rates(runs.old)), median(rates(runs.empty))),
    // The database's side alone (no HTTP, no api CPU): less disturbed by a busy machine.
    statementMs500: statement,
  };
}

// ---- replica lag under ingestion load ----------------------------------------------------------
let replicaLag: Record<string, unknown> | null = null;
const cluster = PARTS.has('replica') ? await startReplicatedPostgres() : null;
if (cluster) try {
  const admin = new pg.Client({ connectionString: cluster.primaryUrl('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE cairn');
  await migrateDatabase(cluster.primaryUrl('cairn'));
  const w = await workspaceIn(cluster.primaryUrl('cairn'));
  const api = await startApi(cluster.primaryUrl('cairn'), 1);
  const samples: { bytes: number; ms: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const replica = (await cluster.replicaSql('SELECT pg_last_wal_replay_lsn()::text AS lsn')).rows[0].lsn as string;
      const { rows } = await admin.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS bytes', [replica]);
      const sent = Date.now();
      // Time lag: how long until the replica has replayed what the primary has now.
      const target = (await admin.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn as string;
      while ((await cluster.replicaSql(`SELECT pg_last_wal_replay_lsn() >= '${target}'::pg_lsn AS done`)).rows[0].done !== true) await new Promise((r) => setTimeout(r, 5));
      samples.push({ bytes: rows[0].bytes as number, ms: Date.now() - sent });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const ingest = await load(api.url, w.secretKey, 'events');
  sampling = false;
  await sampler;
  api.stop();
  await admin.end();
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? null;
  replicaLag = {
    ingestReqPerSec: ingest.reqPerSec,
    samples: samples.length,
    bytes: { p50: q(samples.map((s) => s.bytes), 0.5), max: q(samples.map((s) => s.bytes), 1) },
    catchUpMs: { p50: q(samples.map((s) => s.ms), 0.5), p99: q(samples.map((s) => s.ms), 0.99), max: q(samples.map((s) => s.ms), 1) },
  };
} finally {
  await cluster.stop();
}

await database.drop();
fs.rmSync(tmp, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify(
    {
      machine: { cores: os.availableParallelism(), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      connections: CONNECTIONS,
      seconds: SECONDS,
      processes,
      twoVsOneProcess: processes[2]
        ? {
            me: ratio(processes[2].me.reqPerSec, processes[1]!.me.reqPerSec),
            events: ratio(processes[2].events.reqPerSec, processes[1]!.events.reqPerSec),
            popular: ratio(processes[2].popular.reqPerSec, processes[1]!.popular.reqPerSec),
          }
        : null,
      ingestion,
      replicaLag,
    },
    null,
    2,
  ) + '\n',
);
