// The api's embedding models: the default (EMBEDDING_MODEL, a sentence encoder) and the fast one
// (EMBEDDING_FAST_MODEL, GloVe), each loaded once per process at first use, warmed up, then shared
// by every request through its micro-batcher. The default falls back to the fast model when it
// cannot load (services/models/model-pool.ts). A missing offline GloVe model is built in a child
// process so the api keeps answering meanwhile (embeddings answer 503 until a model is ready).
import path from 'node:path';
import { env } from '@/services/config/env';
import { ModelPool, type ModelLog } from '@/services/models/model-pool';
import { buildOfflineModel } from '@/services/models/build-offline-model';
import { EmbeddingModel } from '@/ml/embedding/model';
import { isBuilt } from '@/ml/embedding/build';
import { resolveModel } from '@/ml/runtime/registry';
import { silentLogger } from '@/ml/runtime/types';

export type { ModelLog };

const pool = new ModelPool<EmbeddingModel>(
  'embedding',
  (id, log) => {
    const e = env();
    const spec = resolveModel(id, 'feature-extraction', { modelsDir: e.MODELS_DIR });
    return new EmbeddingModel(spec, {
      device: e.ML_DEVICE,
      threads: (spec.source === 'hub' ? e.ML_TRANSFORMER_THREADS : e.ML_THREADS) || undefined,
      spinning: e.ML_THREAD_SPINNING,
      log,
      autoBuild: false,
      batch: { maxBatch: e.EMBEDDING_BATCH_MAX, maxWaitMs: e.EMBEDDING_BATCH_WAIT_MS, maxQueue: e.EMBEDDING_QUEUE_MAX, concurrency: e.ML_BATCH_CONCURRENCY },
      hub: { localModelPath: e.MODELS_DIR, allowRemoteModels: e.MODELS_ALLOW_REMOTE, cacheDir: path.join(e.MODELS_DIR, 'build', 'hub-cache') },
    });
  },
  async (m, log) => {
    if (m.spec.source === 'local' && !isBuilt(m.spec.path)) await buildOfflineModel('embedding', log ?? silentLogger);
  },
);

export const defaultEmbeddingModelId = () => env().EMBEDDING_MODEL;
export const fastEmbeddingModelId = () => env().EMBEDDING_FAST_MODEL;
const fallbackFor = (id: string) => (id === defaultEmbeddingModelId() ? fastEmbeddingModelId() : undefined);

/** Loads (building if needed) the model `id` (default: EMBEDDING_MODEL); idempotent. */
export function startEmbeddingModel(log?: ModelLog, id = defaultEmbeddingModelId()): Promise<EmbeddingModel> {
  return pool.start(id, log, fallbackFor(id));
}

/** The model when ready; otherwise starts loading (at most every 30 s after a failure) and returns undefined. */
export function readyEmbeddingModel(log?: ModelLog, id = defaultEmbeddingModelId()): EmbeddingModel | undefined {
  return pool.ready(id, log, fallbackFor(id));
}

export const embeddingModelFailure = (id = defaultEmbeddingModelId()) => pool.failure(id);

/** For /readyz: whether the model is serving, loading (or building), failed, or not started. */
export const embeddingModelStatus = (id = defaultEmbeddingModelId()) => pool.status(id);

/** When the default could not load: the model serving instead, and why. */
export const embeddingModelFallback = (id = defaultEmbeddingModelId()) => pool.fallbackOf(id);

/** The loaded model serving `id`, if any (starts nothing). */
export const loadedEmbeddingModel = (id = defaultEmbeddingModelId()) => pool.loaded(id);

/** For tests and the shutdown path. */
export const stopEmbeddingModel = () => pool.stopAll();
