// bench/ml: sentiment and embeddings throughput and latency. Prints JSON.
//   npm run bench:ml [-- --duration 10 --connections 32 --only sentiment|embeddings]
// 1. model only (in process): texts/s at batch 1 vs batches of 64, for each model.
// 2. HTTP, the real api process, 32 concurrent keep-alive clients: POST /v1/sentiment and
//    POST /v1/embeddings with 1 text and with 10 texts per request, against an api that runs each
//    text alone (SENTIMENT_BATCH_MAX=1, EMBEDDING_BATCH_MAX=1: "batch 1") and one that micro-batches
//    (defaults: up to 64 texts, what queued while the previous batch ran); texts/s and latency percentiles (the p99 of the 10-text
//    request is the figure the ML issue sets a target for).
// Load comes from wrk (C) when installed, else autocannon (which itself needs most of a core).
// Every request is authenticated and metered (usage committed before the response), as in production.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@/test/support/database';
import { freePort, modelsSettled } from '@/test/support/api-process';
import { hasWrk, runWrk } from './support/wrk';
import { PROJECT_ROOT } from '@/services/paths';
import { EmbeddingModel } from '@/ml/embedding/model';
import { SentimentModel } from '@/ml/sentiment/model';
import { resolveModel } from '@/ml/runtime/registry';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { ensureSentimentModel } from '@/ml/sentiment/build';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' }, only: { type: 'string' } },
});
const seconds = Number(values.duration);
const connections = Number(values.connections);
type Endpoint = 'sentiment' | 'embeddings';
const endpoints: Endpoint[] = values.only ? [values.only as Endpoint] : ['sentiment', 'embeddings'];
const loadBefore = os.loadavg();

const WORDS = 'the product arrived quickly and works great but the battery could last longer for this price I would buy it again from this shop'.split(' ');
const sentence = (i: number) => Array.from({ length: 8 + (i % 7) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ') + ` order ${i}`;

// 1. Models only.
const modelsDir = path.join(PROJECT_ROOT, 'models');
const builtEmbedding = ensureGloveModel(path.join(modelsDir, 'build', 'cairn-glove-100d'));
const builtSentiment = ensureSentimentModel(path.join(modelsDir, 'build', 'cairn-sentiment-cnn'));
async function textsPerSec(predict: (t: string[]) => Promise<unknown[]>, batch: number) {
  const texts = Array.from({ length: batch }, (_, i) => sentence(i));
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) {
    await predict(texts);
    n += batch;
  }
  return Math.round(n / ((performance.now() - t0) / 1000));
}
const modelOnly: Record<string, unknown> = {};
if (endpoints.includes('sentiment')) {
  const m = new SentimentModel(resolveModel('local:cairn-sentiment-cnn', 'text-classification', { modelsDir }), { device: 'cpu', threads: 1 });
  await m.load();
  modelOnly.sentiment = { batch1TextsPerSec: await textsPerSec((t) => m.predict(t), 1), batch64TextsPerSec: await textsPerSec((t) => m.predict(t), 64), device: m.device, threads: 1 };
  await m.dispose();
}
if (endpoints.includes('embeddings')) {
  const m = new EmbeddingModel(resolveModel('local:cairn-glove-100d', 'feature-extraction', { modelsDir }), { device: 'cpu', threads: 1 });
  await m.load();
  modelOnly.embeddings = { batch1TextsPerSec: await textsPerSec((t) => m.predict(t), 1), batch64TextsPerSec: await textsPerSec((t) => m.predict(t), 64), device: m.device, threads: 1 };
  await m.dispose();
}

// 2. HTTP.
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { disconnectDb } = await import('@/services/db/client');
const ws = await provisionWorkspace({ name: 'bench', ownerEmail: `bench-${Date.now()}@bench.local`, allowedOrigins: ['http://localhost'] });
// Billing guards stay on, as in production: the workspace is on the Scale plan (no monthly cap in
// the way) and RATE_LIMIT_MULTIPLIER lifts the request rate limits above this load, so every
// request is still rate-limited and metered but none is refused (bench:metering measures their cost).
process.env.RATE_LIMIT_MULTIPLIER ??= '1000';
await (await import('@/services/db/client')).db().workspace.update({ where: { id: ws.workspaceId }, data: { plan: 'scale' } });
const authorization = `Bearer ${ws.secretKey}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-ml-'));
const field: Record<Endpoint, string> = { sentiment: 'texts', embeddings: 'input' };

function luaScript(endpoint: Endpoint, textsPerRequest: number) {
  const file = path.join(tmp, `post-${endpoint}-${textsPerRequest}.lua`);
  const words = WORDS.map((w) => `"${w}"`).join(',');
  fs.writeFileSync(
    file,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "${authorization}"
local words = {${words}}
local counter = 0
request = function()
  local texts = {}
  for t = 1, ${textsPerRequest} do
    counter = counter + 1
    local parts = {}
    for k = 0, 7 + (counter % 7) do parts[#parts + 1] = words[((counter * 7 + k * 3) % #words) + 1] end
    texts[t] = '"' .. table.concat(parts, " ") .. " order " .. counter .. '"'
  end
  return wrk.format(nil, nil, nil, '{"${field[endpoint]}":[' .. table.concat(texts, ",") .. ']}')
end
`,
  );
  return file;
}

async function load(url: string, endpoint: Endpoint, textsPerRequest: number) {
  const target = `${url}/v1/${endpoint}`;
  if (hasWrk()) {
    const r = runWrk(target, { connections, seconds, args: ['-s', luaScript(endpoint, textsPerRequest)] });
    return {
      reqPerSec: Math.round(r.reqPerSec),
      textsPerSec: Math.round(r.reqPerSec * textsPerRequest),
      latencyMs: r.latencyMs,
      non2xx: r.non2xx,
    };
  }
  const body = JSON.stringify({ [field[endpoint]]: Array.from({ length: textsPerRequest }, (_, i) => sentence(i)) });
  const r = await autocannon({ url: target, method: 'POST', body, headers: { authorization, 'content-type': 'application/json' }, connections, duration: seconds });
  return {
    reqPerSec: Math.round(r.requests.average),
    textsPerSec: Math.round(r.requests.average * textsPerRequest),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 },
    non2xx: r.non2xx,
  };
}

async function withApi<T>(extraEnv: Record<string, string>, fn: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const profile = process.env.CAIRN_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cairn-prof'] : [];
  const api: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(PROJECT_ROOT, 'services/api/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: database.url, API_PORT: String(port), LOG_LEVEL: 'warn', MODELS_DIR: modelsDir, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const settled = await fetch(`${url}/readyz`).then(async (r) => r.ok && modelsSettled(await r.json()), () => false);
      if (settled) break;
      if (i > 3000) throw new Error('api models did not finish loading in 300 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const endpoint of endpoints) {
      for (let i = 0; ; i++) {
        const res = await fetch(`${url}/v1/${endpoint}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ [field[endpoint]]: ['warm'] }) }).catch(() => null);
        if (res?.status === 200) break;
        if (i > 1800) throw new Error(`api or ${endpoint} model did not become ready in 180 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await autocannon({ url: `${url}/v1/${endpoint}`, method: 'POST', body: JSON.stringify({ [field[endpoint]]: ['warm up'] }), headers: { authorization, 'content-type': 'application/json' }, connections, duration: 2 });
    }
    return await fn(url);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
}

const run = (url: string) =>
  (async () => {
    const out: Record<string, unknown> = {};
    for (const endpoint of endpoints) out[endpoint] = { text1: await load(url, endpoint, 1), texts10: await load(url, endpoint, 10) };
    return out as Record<Endpoint, { text1: Awaited<ReturnType<typeof load>>; texts10: Awaited<ReturnType<typeof load>> }>;
  })();

try {
  const batch1 = await withApi({ EMBEDDING_BATCH_MAX: '1', EMBEDDING_BATCH_WAIT_MS: '0', SENTIMENT_BATCH_MAX: '1', SENTIMENT_BATCH_WAIT_MS: '0' }, run);
  const microBatched = await withApi({}, run);
  const figures = {
    benchmark: 'ml',
    models: { sentiment: 'local:cairn-sentiment-cnn', embeddings: 'local:cairn-glove-100d' },
    cpus: os.cpus().length,
    loadAverage: { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    buildMs: { embeddings: builtEmbedding?.ms ?? null, sentiment: builtSentiment?.ms ?? null },
    modelOnly,
    http: {
      loadTool: hasWrk() ? 'wrk' : 'autocannon',
      connections,
      durationSeconds: seconds,
      batch1: { settings: { SENTIMENT_BATCH_MAX: 1, EMBEDDING_BATCH_MAX: 1 }, ...batch1 },
      microBatched: { settings: { BATCH_MAX: 64, BATCH_WAIT_MS: 0 }, ...microBatched },
    },
    summary: Object.fromEntries(
      endpoints.map((e) => [
        e,
        {
          textsPerSecBatch1: batch1[e].texts10.textsPerSec,
          textsPerSecMicroBatched: microBatched[e].texts10.textsPerSec,
          p99MsOf10TextRequest: microBatched[e].texts10.latencyMs.p99,
        },
      ]),
    ),
    targets: { sentimentTextsPerSec: 3000, embeddingsTextsPerSec: 5000, p99Ms: 50 },
  };
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
  await disconnectDb();
  await database.drop();
}
