// The process's one sentiment model: chosen by SENTIMENT_MODEL, loaded once (at api start, or at
// first use in any process: api, worker, web), warmed up, then shared by every caller through the
// micro-batcher. A missing offline model is built in a child process, so the api keeps answering
// meanwhile (POST /v1/sentiment answers 503 until the model is ready).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { env } from '@/services/config/env';
import { PROJECT_ROOT } from '@/services/paths';
import { SentimentModel } from '@/ml/sentiment/model';
import { isSentimentModelCurrent } from '@/ml/sentiment/build';
import { SENTIMENT_MODEL_NAME } from '@/ml/sentiment/card';
import { resolveModel } from '@/ml/runtime/registry';
import { silentLogger, type MlLogger } from '@/ml/runtime/types';
import type { ModelLog } from '@/services/embeddings/embedding-model';

let model: SentimentModel | undefined;
let starting: Promise<SentimentModel> | undefined;
let lastFailure: { at: number; message: string } | undefined;
const RETRY_AFTER_FAILURE_MS = 30_000;

function buildInChildProcess(log: MlLogger): Promise<void> {
  log.info({}, 'building the sentiment model (first start; about half a minute)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'ml/scripts/build-models.ts'), '--only', 'sentiment'], {
      cwd: PROJECT_ROOT,
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sentiment model build exited with ${code}`))));
  });
}

/** Loads (building if needed) the configured sentiment model; idempotent. */
export function startSentimentModel(log?: ModelLog): Promise<SentimentModel> {
  if (model?.ready) return Promise.resolve(model);
  if (starting) return starting;
  const e = env();
  const spec = resolveModel(e.SENTIMENT_MODEL, 'text-classification', { modelsDir: e.MODELS_DIR });
  const m = new SentimentModel(spec, {
    device: e.ML_DEVICE,
    threads: e.ML_THREADS || undefined,
    log,
    autoBuild: false,
    batch: { maxBatch: e.SENTIMENT_BATCH_MAX, maxWaitMs: e.SENTIMENT_BATCH_WAIT_MS, maxQueue: e.SENTIMENT_QUEUE_MAX },
    hub: { localModelPath: e.MODELS_DIR, allowRemoteModels: e.MODELS_ALLOW_REMOTE, cacheDir: path.join(e.MODELS_DIR, 'build', 'hub-cache') },
  });
  starting = (async () => {
    if (spec.source === 'local' && spec.name === SENTIMENT_MODEL_NAME && !isSentimentModelCurrent(spec.path)) await buildInChildProcess(log ?? silentLogger);
    await m.load();
    model = m;
    lastFailure = undefined;
    return m;
  })().catch((err: unknown) => {
    starting = undefined;
    lastFailure = { at: Date.now(), message: err instanceof Error ? err.message : String(err) };
    log?.error({ err, model: spec.id }, 'sentiment model failed to load');
    throw err;
  });
  return starting;
}

/** The model when ready; otherwise starts loading (at most every 30 s after a failure) and returns undefined. */
export function readySentimentModel(log?: ModelLog): SentimentModel | undefined {
  if (model?.ready) return model;
  if (!starting && (!lastFailure || Date.now() - lastFailure.at > RETRY_AFTER_FAILURE_MS)) startSentimentModel(log).catch(() => undefined);
  return undefined;
}

export const sentimentModelFailure = () => lastFailure?.message;

/** For /readyz: whether the model is serving, loading (or building), failed, or not started. */
export const sentimentModelStatus = (): 'ready' | 'loading' | 'failed' | 'idle' => (model?.ready ? 'ready' : starting ? 'loading' : lastFailure ? 'failed' : 'idle');

/** For tests and the shutdown path. */
export async function stopSentimentModel() {
  const m = model;
  model = undefined;
  starting = undefined;
  await m?.dispose();
}
