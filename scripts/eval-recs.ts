// `npm run eval:recs -- --dataset lastfm|movielens-like|planted`: the held-out evaluation, through
// the public API like the hidden one. A fresh database and workspace; items with PUT /v1/items and
// the training part (80% per user) with POST /v1/events; POST /v1/models/train, GET /v1/jobs/{id}
// until done (the worker runs in this process); then GET /v1/recommendations?userId=&limit=10 for
// every user, scored on their held-out 20% (full ranking, seen items excluded). Popularity and
// item-kNN are computed offline on the same split. Prints JSON.
import path from 'node:path';
import pino from 'pino';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '@/services/paths';
import { loadLastfm, loadMovieLensLike, loadPlanted, type Dataset } from '@/ml/recsys/datasets';
import { MetricsAccumulator, round4 } from '@/ml/recsys/evaluate';
import { logFromRows, mulberry32, positiveMatrix, aggregate, DEFAULT_EVENT_WEIGHTS } from '@/ml/recsys/interactions';
import { accumulateSparse, itemKnn } from '@/ml/recsys/item-models';
import { topN } from '@/ml/recsys/model';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'lastfm' },
    data: { type: 'string', default: path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'lastfm-2k') },
    seed: { type: 'string', default: '42' },
  },
});
const err = (s: string) => process.stderr.write(s + '\n');

function loadDataset(name: string): Dataset {
  if (name === 'lastfm') return loadLastfm(values.data!);
  if (name === 'movielens-like') return loadMovieLensLike();
  if (name === 'planted') return loadPlanted();
  throw new Error(`unknown dataset ${name} (lastfm, movielens-like, planted)`);
}

/** Per-user 80/20: the last 20% of items by time (temporal), or a seeded random 20%. */
function split(ds: Dataset, seed: number) {
  const byUser = new Map<string, Dataset['interactions']>();
  for (const x of ds.interactions) (byUser.get(x.user) ?? (byUser.set(x.user, []), byUser.get(x.user)!)).push(x);
  const rng = mulberry32(seed);
  const train: Dataset['interactions'] = [];
  const test = new Map<string, Set<string>>();
  for (const [u, xs] of byUser) {
    const items = [...new Set(xs.map((x) => x.item))];
    if (ds.split === 'temporal') {
      const first = new Map<string, number>();
      for (const x of xs) first.set(x.item, Math.min(first.get(x.item) ?? Infinity, x.time));
      items.sort((a, b) => first.get(a)! - first.get(b)! || (a < b ? -1 : 1));
    } else {
      items.sort();
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
    }
    const k = items.length >= 2 ? Math.max(1, Math.round(items.length * 0.2)) : 0;
    const held = new Set(items.slice(items.length - k));
    if (held.size > 0) test.set(u, held);
    for (const x of xs) if (!held.has(x.item)) train.push(x);
  }
  return { train, test };
}

async function main() {
  const ds = loadDataset(values.dataset!);
  const { train, test } = split(ds, Number(values.seed));
  err(`${ds.name}: ${ds.items.length} items, ${ds.interactions.length} interactions, ${test.size} test users (${ds.note})`);

  const { createTestDatabase } = await import('@/test/support/database');
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const { buildApiServer } = await import('@/services/api/server');
  const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
  const { startWorker } = await import('@/services/worker/start-worker');
  const { disconnectDb } = await import('@/services/db/client');
  const app = await buildApiServer({ logger: pino({ level: 'warn' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const stopWorker = await startWorker(pino({ level: 'warn' }));
  try {
    const ws = await provisionWorkspace({ name: `eval ${ds.name}`, ownerEmail: `eval-${Date.now()}@cairn.local`, allowedOrigins: ['http://localhost'] });
    const key = ws.secretKey;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, { method, headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const t0 = Date.now();
    for (let i = 0; i < ds.items.length; i += 1000) await call('PUT', '/v1/items', { items: ds.items.slice(i, i + 1000) });
    let accepted = 0;
    for (let i = 0; i < train.length; i += 1000) {
      const batch = train.slice(i, i + 1000).map((x, k) => ({ id: `e${i + k}`, type: x.type, userId: x.user, itemId: x.item, ...(x.value !== undefined && Number.isFinite(x.value) ? { value: x.value } : {}), timestamp: Math.round(x.time) }));
      const r = (await call('POST', '/v1/events', { events: batch })) as { accepted: number; rejected: unknown[] };
      accepted += r.accepted;
      if (r.rejected.length > 0) throw new Error(`rejected events: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
    const loadMs = Date.now() - t0;
    err(`loaded ${ds.items.length} items and ${accepted} events through the API in ${loadMs} ms`);
    const t1 = Date.now();
    const { jobId } = (await call('POST', '/v1/models/train')) as { jobId: string };
    let job: Record<string, unknown> = {};
    for (;;) {
      job = await call('GET', `/v1/jobs/${jobId}`);
      if (job.status === 'completed' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const trainMs = Date.now() - t1;
    if (job.status !== 'completed') throw new Error(`training failed: ${job.error}`);
    err(`trained in ${trainMs} ms (job ${jobId}); asking for every user's top 10`);

    // Cairn through the API.
    const cairn = new MetricsAccumulator<string>(10, ds.items.length);
    const t2 = Date.now();
    for (const [u, held] of test) {
      const r = (await call('GET', `/v1/recommendations?userId=${encodeURIComponent(u)}&limit=10`)) as { items: { id: string }[] };
      cairn.add(r.items.map((x) => x.id), held);
    }
    const serveMs = Date.now() - t2;

    // Baselines on the same split, offline.
    const itemIdx = new Map(ds.items.map((it, i) => [it.id, i]));
    const userIdx = new Map<string, number>();
    const rows = train.map((x) => {
      if (!userIdx.has(x.user)) userIdx.set(x.user, userIdx.size);
      return { user: userIdx.get(x.user)!, item: itemIdx.get(x.item)!, kind: 'view' as const, time: x.time };
    });
    const log = logFromRows(userIdx.size, ds.items.length, rows);
    const agg = aggregate(log, { weights: DEFAULT_EVENT_WEIGHTS, lowRatingsPositive: true, halfLifeDays: null });
    const x = positiveMatrix(agg, true);
    const knn = itemKnn(x, { k: 100, shrink: 0 });
    const pop = new Float32Array(ds.items.length);
    for (const r of rows) pop[r.item]! += 1;
    const popMax = pop.reduce((m, v) => Math.max(m, v), 1);
    const popTie = pop.map((v) => v / popMax);
    const accPop = new MetricsAccumulator(10, ds.items.length);
    const accKnn = new MetricsAccumulator(10, ds.items.length);
    const out = new Float32Array(ds.items.length);
    for (const [u, held] of test) {
      const ui = userIdx.get(u);
      const hist: number[] = [];
      if (ui !== undefined) for (let k = agg.ptr[ui]!; k < agg.ptr[ui + 1]!; k++) hist.push(agg.item[k]!);
      const seen = new Set(hist);
      const rel = new Set([...held].map((id) => itemIdx.get(id)!));
      accPop.add(topN(pop, 10, (i) => !seen.has(i)), rel);
      out.fill(0);
      accumulateSparse(knn, hist, hist.map(() => 1), out);
      accKnn.add(topN(out, 10, (i) => !seen.has(i), popTie), rel);
    }
    const result = {
      dataset: ds.name,
      note: ds.note,
      protocol: `per-user ${ds.split} 80/20 split, full ranking, seen items excluded, k = 10; Cairn through the public API`,
      items: ds.items.length,
      interactions: ds.interactions.length,
      trainEvents: accepted,
      testUsers: test.size,
      popularity: round4(accPop.result()),
      itemKnn: round4(accKnn.result()),
      cairn: round4(cairn.result()),
      modelVersion: job.version,
      validation: job.metrics,
      loadMs,
      trainMs,
      serveMsPerUser: Math.round((serveMs / Math.max(1, test.size)) * 100) / 100,
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await stopWorker();
    await app.close();
    const { clearLiveStates } = await import('@/services/recommend/serving/registry');
    await clearLiveStates();
    await disconnectDb();
    await database.drop();
  }
}

await main();
