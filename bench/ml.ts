// bench/ml: sentiment and embeddings throughput and latency, the default (transformer) models beside
// the fast ones measured in the same run. Prints JSON.
//   npm run bench:ml [-- --duration 10 --connections 8 --only sentiment|embeddings --sentiment-model ID --embedding-model ID]
// (the model options bench another model in the default's place, e.g. an opt-in one)
// 1. model only (in process): texts/s at batch 1 vs batches of 64, for each model.
// 2. HTTP, the real api process with its defaults (micro-batching up to 64 texts), 8 concurrent
//    keep-alive clients: POST /v1/sentiment and POST /v1/embeddings with 10 short texts per request
//    (12-18 tokens), on the default model and on `model: "fast"`; texts/s and latency percentiles
//    (the targets: sentiment >= 1,000 texts/s, embeddings >= 800 texts/s, p99 of the
//    10-text request <= 100 ms), and the api's peak resident memory with all four models loaded.
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
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    only: { type: 'string' },
    'sentiment-model': { type: 'string', default: 'hub:cairn/sentiment-minilm-l6' },
    'embedding-model': { type: 'string', default: 'hub:Xenova/all-MiniLM-L6-v2' },
  },
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
const hub = { localModelPath: modelsDir, allowRemoteModels: false };
const MODELS: Record<Endpoint, { default: string; fast: string }> = {
  sentiment: { default: values['sentiment-model']!, fast: 'local:cairn-sentiment-cnn' },
  embeddings: { default: values['embedding-model']!, fast: 'local:cairn-glove-100d' },
};
const modelOnly: Record<string, unknown> = {};
for (const endpoint of endpoints) {
  for (const tier of ['default', 'fast'] as const) {
    const id = MODELS[endpoint][tier];
    const m =
      endpoint === 'sentiment'
        ? new SentimentModel(resolveModel(id, 'text-classification', { modelsDir }), { device: 'cpu', threads: 1, hub })
        : new EmbeddingModel(resolveModel(id, 'feature-extraction', { modelsDir }), { device: 'cpu', threads: 1, hub });
    await m.load();
    const predict = (t: string[]) => m.predict(t);
    modelOnly[`${endpoint}.${tier}`] = { model: id, batch1TextsPerSec: await textsPerSec(predict, 1), batch64TextsPerSec: await textsPerSec(predict, 64), device: m.device };
    await m.dispose();
  }
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

function luaScript(endpoint: Endpoint, textsPerRequest: number, model: string) {
  const file = path.join(tmp, `post-${endpoint}-${textsPerRequest}-${model}.lua`);
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
  return wrk.format(nil, nil, nil, '{"model":"${model}","${field[endpoint]}":[' .. table.concat(texts, ",") .. ']}')
end
`,
  );
  return file;
}

async function load(url: string, endpoint: Endpoint, textsPerRequest: number, model: 'default' | 'fast') {
  const target = `${url}/v1/${endpoint}`;
  if (hasWrk()) {
    const r = runWrk(target, { connections, seconds, args: ['-s', luaScript(endpoint, textsPerRequest, model)] });
    return {
      reqPerSec: Math.round(r.reqPerSec),
      textsPerSec: Math.round(r.reqPerSec * textsPerRequest),
      latencyMs: r.latencyMs,
      non2xx: r.non2xx,
    };
  }
  const body = JSON.stringify({ model, [field[endpoint]]: Array.from({ length: textsPerRequest }, (_, i) => sentence(i)) });
  const r = await autocannon({ url: target, method: 'POST', body, headers: { authorization, 'content-type': 'application/json' }, connections, duration: seconds });
  return {
    reqPerSec: Math.round(r.requests.average),
    textsPerSec: Math.round(r.requests.average * textsPerRequest),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 },
    non2xx: r.non2xx,
  };
}

/** Resident memory of a process in MB (VmRSS) and its peak so far (VmHWM), from /proc. */
function memoryMb(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function withApi<T>(extraEnv: Record<string, string>, fn: (url: string, pid: number) => Promise<T>): Promise<T> {
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
    return await fn(url, api.pid!);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
}

// The production defaults, whatever this shell sets: the transformer models by default, the fast ones on request.
const productionModels = {
  EMBEDDING_MODEL: MODELS.embeddings.default,
  EMBEDDING_FAST_MODEL: MODELS.embeddings.fast,
  SENTIMENT_MODEL: MODELS.sentiment.default,
  SENTIMENT_FAST_MODEL: MODELS.sentiment.fast,
};

type Load = Awaited<ReturnType<typeof load>>;
const run = (url: string, pid: number) =>
  (async () => {
    const loaded = memoryMb(pid);
    const out: Record<string, { default: Load; fast: Load }> = {};
    for (const endpoint of endpoints) out[endpoint] = { default: await load(url, endpoint, 10, 'default'), fast: await load(url, endpoint, 10, 'fast') };
    return { results: out as Record<Endpoint, { default: Load; fast: Load }>, memoryMb: { afterLoadingAllModels: loaded.rss, peakDuringRun: memoryMb(pid).peak } };
  })();

try {
  const { results, memoryMb: memory } = await withApi(productionModels, run);
  const figures = {
    benchmark: 'ml',
    models: MODELS,
    cpus: os.cpus().length,
    loadAverage: { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    buildMs: { embeddings: builtEmbedding?.ms ?? null, sentiment: builtSentiment?.ms ?? null },
    modelOnly,
    http: { loadTool: hasWrk() ? 'wrk' : 'autocannon', connections, durationSeconds: seconds, textsPerRequest: 10, ...results },
    apiMemoryMb: memory,
    summary: Object.fromEntries(
      endpoints.map((e) => [
        e,
        {
          textsPerSec: results[e].default.textsPerSec,
          p99MsOf10TextRequest: results[e].default.latencyMs.p99,
          fastTextsPerSec: results[e].fast.textsPerSec,
          // Baseline in the same run: how much of the fast model's throughput the default keeps.
          defaultOverFastRatio: Math.round((results[e].default.textsPerSec / Math.max(1, results[e].fast.textsPerSec)) * 1000) / 1000,
        },
      ]),
    ),
    targets: { sentimentTextsPerSec: 1000, embeddingsTextsPerSec: 800, p99Ms: 100, connections: 8 },
  };
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
  await disconnectDb();
  await database.drop();
}
