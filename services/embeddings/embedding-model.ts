// The api's one embedding model: chosen by EMBEDDING_MODEL, loaded once (at api start, or at first
// use), warmed up, then shared by every request through the micro-batcher. A missing offline model
// is built in a child process so the api keeps answering meanwhile (embeddings answer 503 until
// the model is ready).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { env } from '@/services/config/env';
import { PROJECT_ROOT } from '@/services/paths';
import { EmbeddingModel } from '@/ml/embedding/model';
import { isBuilt } from '@/ml/embedding/build';
import { resolveModel } from '@/ml/runtime/registry';
import { silentLogger, type MlLogger } from '@/ml/runtime/types';

/** What this module logs through (a pino or Fastify logger). */
export type ModelLog = MlLogger & { error(obj: object, msg?: string): void };

let model: EmbeddingModel | undefined;
let starting: Promise<EmbeddingModel> | undefined;
let lastFailure: { at: number; message: string } | undefined;
const RETRY_AFTER_FAILURE_MS = 30_000;

function buildInChildProcess(log: MlLogger): Promise<void> {
  log.info({}, 'building the embedding model (first start; about half a minute)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'ml/scripts/build-models.ts'), '--only', 'embedding'], {
      cwd: PROJECT_ROOT,
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`model build exited with ${code}`))));
  });
}

/** Loads (building if needed) the configured embedding model; idempotent. */
export function startEmbeddingModel(log?: ModelLog): Promise<EmbeddingModel> {
  if (model?.ready) return Promise.resolve(model);
  if (starting) return starting;
  const e = env();
  const spec = resolveModel(e.EMBEDDING_MODEL, 'feature-extraction', { modelsDir: e.MODELS_DIR });
  const m = new EmbeddingModel(spec, {
    device: e.ML_DEVICE,
    threads: e.ML_THREADS || undefined,
    log,
    autoBuild: false,
    batch: { maxBatch: e.EMBEDDING_BATCH_MAX, maxWaitMs: e.EMBEDDING_BATCH_WAIT_MS, maxQueue: e.EMBEDDING_QUEUE_MAX },
    hub: { localModelPath: e.MODELS_DIR, allowRemoteModels: e.MODELS_ALLOW_REMOTE, cacheDir: path.join(e.MODELS_DIR, 'build', 'hub-cache') },
  });
  starting = (async () => {
    if (spec.source === 'local' && !isBuilt(spec.path)) await buildInChildProcess(log ?? silentLogger);
    await m.load();
    model = m;
    lastFailure = undefined;
    return m;
  })().catch((err: unknown) => {
    starting = undefined;
    lastFailure = { at: Date.now(), message: err instanceof Error ? err.message : String(err) };
    log?.error({ err, model: spec.id }, 'embedding model failed to load');
    throw err;
  });
  return starting;
}

/** The model when ready; otherwise starts loading (at most every 30 s after a failure) and returns undefined. */
export function readyEmbeddingModel(log?: ModelLog): EmbeddingModel | undefined {
  if (model?.ready) return model;
  if (!starting && (!lastFailure || Date.now() - lastFailure.at > RETRY_AFTER_FAILURE_MS)) startEmbeddingModel(log).catch(() => undefined);
  return undefined;
}

export const embeddingModelFailure = () => lastFailure?.message;

/** For /readyz: whether the model is serving, loading (or building), failed, or not started. */
export const embeddingModelStatus = (): 'ready' | 'loading' | 'failed' | 'idle' => (model?.ready ? 'ready' : starting ? 'loading' : lastFailure ? 'failed' : 'idle');

/** For tests and the shutdown path. */
export async function stopEmbeddingModel() {
  const m = model;
  model = undefined;
  starting = undefined;
  await m?.dispose();
}
