// `npm run bench:recs`: the recommender's speed.
// 1. Training: a fresh database with 10,000 items and 100,000 events (5,000 users with tastes over
//    50 categories, Zipf-like popularity), trained end to end (read from PostgreSQL, search, final
//    fit, artifact stored) in a child process, which reports the wall time and its peak memory.
// 2. Serving: the real api process; this (separate) process loads GET /v1/recommendations for known
//    users (limit 10, with a price filter and, for half of them, a category) over 50 keep-alive
//    connections (autocannon), after a warm-up. Prints JSON figures with the targets, the api
//    process's CPU per request during the run, and getRecommendations' own CPU measured in this
//    process (no HTTP, no metering), and the api's GC pauses during the run (its latency tail).
// Options: -- --duration 10 --connections 50 --users 5000 --items 10000 --events 100000
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '@/services/paths';
import { hasWrk, runWrk } from './support/wrk';
import { mulberry32 } from '@/ml/recsys/interactions';

/** CPU time (user + system, ms) of a process, from /proc (Linux); null elsewhere. */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    users: { type: 'string', default: '5000' },
    items: { type: 'string', default: '10000' },
    events: { type: 'string', default: '100000' },
    'child-train': { type: 'string' },
  },
});

if (values['child-train']) {
  // Child mode: train one version of the workspace and report time and peak memory.
  const { requestTraining } = await import('@/services/recommend/request-training');
  const { trainModel } = await import('@/services/recommend/train-model');
  const { db, disconnectDb } = await import('@/services/db/client');
  const pino = (await import('pino')).default;
  const ws = values['child-train'];
  const t = Date.now();
  const { version } = await requestTraining(ws, 'cli');
  await trainModel(ws, version, pino({ level: 'warn' }));
  const ms = Date.now() - t;
  const v = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: ws, version } }, omit: { artifact: true } });
  process.stdout.write(JSON.stringify({ ms, status: v?.status, error: v?.error, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), report: v?.report, metrics: v?.metrics, durationMs: v?.durationMs }) + '\n');
  await disconnectDb();
  process.exit(0);
}

const U = Number(values.users);

/** Cumulative GC pauses of the api (its Prometheus metrics: prom-client's default GC histogram). */
async function gcTotals(url: string) {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const read = (kind: string, what: 'sum' | 'count') => Number(new RegExp(`gc_duration_seconds_${what}\\{kind="${kind}"\\} ([0-9.e+-]+)`).exec(text)?.[1] ?? 0);
  return {
    minor: { count: read('minor', 'count'), ms: read('minor', 'sum') * 1000 },
    major: { count: read('major', 'count'), ms: read('major', 'sum') * 1000 },
  };
}

/** wrk over the same request mix as pathFor below (users spread by a stride, a category on every other request). */
function wrkRecommendations(url: string, authorization: string, connections: number, seconds: number) {
  const script = path.join(os.tmpdir(), `cairn-bench-recs-${process.pid}.lua`);
  fs.writeFileSync(
    script,
    `wrk.headers["Authorization"] = "${authorization}"
local n = 1000
request = function()
  n = n + 1
  local u = (n * 7919) % ${U}
  local cat = ""
  if n % 2 == 0 then cat = "&category=cat-" .. ((n * 13) % ${C}) end
  return wrk.format("GET", "/v1/recommendations?userId=user-" .. u .. "&limit=10&maxPrice=150" .. cat)
end
`,
  );
  const r = runWrk(url, { connections, seconds, args: ['-s', script] });
  fs.rmSync(script, { force: true });
  // In autocannon's shape, which the figures below read.
  return { requests: { total: r.requests, average: r.reqPerSec }, latency: r.latencyMs, non2xx: r.non2xx, errors: r.errors };
}
const I = Number(values.items);
const E = Number(values.events);
const C = 50;

const { createTestDatabase } = await import('@/test/support/database');
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { upsertItems } = await import('@/services/catalog/upsert-items');
const { ingestEvents } = await import('@/services/ingest/ingest-events');
const { getUsageSummary } = await import('@/services/metering/get-usage-summary');
const { db, disconnectDb } = await import('@/services/db/client');
const { startApiProcess, freePort } = await import('@/test/support/api-process');

const ws = await provisionWorkspace({ name: 'bench recs', ownerEmail: `bench-recs-${Date.now()}@bench.local`, allowedOrigins: ['http://localhost'] });
// Billing guards stay on, as in production: the Scale plan (no monthly cap in the way) and
// RATE_LIMIT_MULTIPLIER lifting the rate limits above this load (bench:metering measures their cost).
process.env.RATE_LIMIT_MULTIPLIER ??= '1000';
await db().workspace.update({ where: { id: ws.workspaceId }, data: { plan: 'scale' } });
const rng = mulberry32(99);
const err = (s: string) => process.stderr.write(s + '\n');
let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
try {
  // ---- Data ----------------------------------------------------------------------------------
  const t0 = Date.now();
  const items = Array.from({ length: I }, (_x, i) => ({
    id: `sku-${i}`,
    title: `product ${i}`,
    categories: [`cat-${i % C}`],
    tags: [],
    price: 5 + ((i * 37) % 200),
    available: i % 50 !== 7,
  }));
  for (let k = 0; k < I; k += 1000) await upsertItems(ws.workspaceId, items.slice(k, k + 1000) as never);
  const perUser = Math.round(E / U);
  const types = ['view', 'view', 'view', 'click', 'click', 'add_to_cart', 'purchase', 'like'];
  const now = Date.now();
  let batch: object[] = [];
  let sent = 0;
  for (let u = 0; u < U; u++) {
    const tastes = [Math.floor(rng() * C), Math.floor(rng() * C)];
    for (let e = 0; e < perUser; e++) {
      const c = rng() < 0.8 ? tastes[e % 2]! : Math.floor(rng() * C);
      const k = Math.floor(Math.pow(rng(), 2.5) * (I / C));
      batch.push({ id: `b${u}-${e}`, type: types[Math.floor(rng() * types.length)], userId: `user-${u}`, itemId: `sku-${c + k * C}`, timestamp: now - 30 * 86_400_000 + Math.floor(rng() * 30 * 86_400_000) });
      if (batch.length === 1000) {
        sent += (await ingestEvents(ws.workspaceId, batch)).accepted;
        batch = [];
      }
    }
  }
  if (batch.length) sent += (await ingestEvents(ws.workspaceId, batch)).accepted;
  err(`data: ${I} items, ${sent} events, ${U} users in ${Date.now() - t0} ms`);

  // ---- Training (child process) -----------------------------------------------------------------
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/recs.ts'), '--child-train', ws.workspaceId], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`training child failed: ${child.stderr}`);
  const training = JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; status: string; error: string | null; maxRssMb: number; durationMs: number; metrics: Record<string, unknown>; report: { timings: Record<string, number> } };
  if (training.status !== 'completed') throw new Error(`training ${training.status}: ${training.error}`);
  err(`trained in ${training.ms} ms, peak RSS ${training.maxRssMb} MB`);

  // ---- Serving ----------------------------------------------------------------------------------
  // In this process first: the CPU of getRecommendations alone (no HTTP, no metering), the same mix
  // of requests, after a first pass over every user (their serving profiles built).
  const { getRecommendations } = await import('@/services/recommend/get-recommendations');
  const { clearLiveStates, heldWorkspaces } = await import('@/services/recommend/serving/registry');
  const inProcess = async (n: number) => {
    for (let k = 0; k < n; k++) {
      await getRecommendations({ workspaceId: ws.workspaceId, userId: `user-${(k * 7919) % U}`, limit: 10, category: k % 2 ? `cat-${(k * 13) % C}` : undefined, filters: { maxPrice: 150 } });
    }
  };
  await inProcess(U);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await inProcess(10_000);
  const cpu1 = process.cpuUsage(cpu0);
  const inProcessUs = { cpu: Math.round((cpu1.user + cpu1.system) / 10_000), wall: Math.round((performance.now() - wall0) * 100) / 1000 };
  // What the serving registry counts against RECS_SERVING_MEMORY_MB for this workspace (the
  // capacity model's memory per workspace), with every user's profile built.
  const servingStateMb = Math.round(((heldWorkspaces().find((w) => w.workspaceId === ws.workspaceId)?.bytes ?? 0) / 1024 / 1024) * 10) / 10;
  await clearLiveStates();
  err(`in-process: ${inProcessUs.cpu} µs CPU per recommendation`);

  const port = await freePort();
  // waitForModels: the api loads its ML models in the background after it starts; their start-up
  // CPU must not land in the measurement.
  api = await startApiProcess({ databaseUrl: database.url, port, logLevel: 'warn', waitForModels: true, nodeArgs: process.env.RECS_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.RECS_BENCH_PROFILE] : [] });
  const headers = { authorization: `Bearer ${ws.secretKey}` };
  const pathFor = (n: number) => {
    const u = (n * 7919) % U;
    const cat = n % 2 === 0 ? `&category=cat-${(n * 13) % C}` : '';
    return `/v1/recommendations?userId=user-${u}&limit=10&maxPrice=150${cat}`;
  };
  const first = await fetch(`${api.url}${pathFor(1)}`, { headers });
  const firstBody = (await first.json()) as { modelVersion: number; items: unknown[] };
  if (first.status !== 200 || firstBody.modelVersion !== 1 || firstBody.items.length !== 10) throw new Error(`warm-up request failed: ${first.status} ${JSON.stringify(firstBody)}`);
  let n = 0;
  const setupRequest = (req: { path?: string }) => ({ ...req, path: pathFor(++n) });
  await autocannon({ url: api.url, headers, connections: 50, duration: 3, requests: [{ setupRequest }] });
  const before = (await getUsageSummary(ws.workspaceId)).meters.recommendations;
  const gc0 = await gcTotals(api.url);
  const apiCpu0 = cpuMsOf(api.pid);
  // wrk (C) when installed: it leaves the api more of the two cores than autocannon (Node), which
  // needs about as much CPU per request as the api itself.
  const r = hasWrk()
    ? wrkRecommendations(api.url, headers.authorization, Number(values.connections), Number(values.duration))
    : await autocannon({ url: api.url, headers, connections: Number(values.connections), duration: Number(values.duration), requests: [{ setupRequest }] });
  const apiCpu1 = cpuMsOf(api.pid);
  const gc1 = await gcTotals(api.url);
  await new Promise((res) => setTimeout(res, 500));
  const metered = (await getUsageSummary(ws.workspaceId)).meters.recommendations - before;

  const figures = {
    benchmark: 'recs',
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    data: { items: I, events: sent, users: U },
    training: {
      seconds: Math.round(training.ms / 100) / 10,
      peakMemoryMb: training.maxRssMb,
      timingsMs: training.report.timings,
      validationNdcg10: (training.metrics.serving as { ndcg: number } | null)?.ndcg ?? null,
      popularityNdcg10: (training.metrics.popularity as { ndcg: number } | null)?.ndcg ?? null,
    },
    serving: {
      endpoint: 'GET /v1/recommendations?userId=…&limit=10&maxPrice=150[&category=…]',
      loadTool: hasWrk() ? 'wrk (its own process; same users and filters as the warm-up)' : 'autocannon (this process; the api is its own process)',
      connections: Number(values.connections),
      durationSeconds: Number(values.duration),
      requests: r.requests.total,
      reqPerSec: Math.round(r.requests.average),
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 },
      non2xx: r.non2xx,
      errors: r.errors,
      meteredRequests: metered,
      // Scavenges (minor) and full collections in the api during the run: its latency tail.
      gcDuringRun: {
        minor: { count: gc1.minor.count - gc0.minor.count, totalMs: Math.round(gc1.minor.ms - gc0.minor.ms) },
        major: { count: gc1.major.count - gc0.major.count, totalMs: Math.round(gc1.major.ms - gc0.major.ms) },
      },
      // CPU time the api process used during the run, per request (robust where req/s is noisy).
      apiCpuUsPerRequest: apiCpu0 !== null && apiCpu1 !== null ? Math.round(((apiCpu1 - apiCpu0) * 1000) / r.requests.total) : null,
      inProcessUsPerRecommendation: inProcessUs,
      servingStateMb,
    },
    targets: { trainingSeconds: 30, peakMemoryMb: 2048, p99Ms: 15, reqPerSec: 2000 },
  };
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} finally {
  await api?.stop();
  await disconnectDb();
  await database.drop();
}
