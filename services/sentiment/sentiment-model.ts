// The process's sentiment models: the default (SENTIMENT_MODEL, a fine-tuned transformer) and the
// fast one (SENTIMENT_FAST_MODEL, the GloVe CNN), each loaded once at first use in any process
// (api, worker, web), warmed up, then shared by every caller through its micro-batcher. The default
// falls back to the fast model when it cannot load (services/models/model-pool.ts). A missing
// offline CNN is built in a child process, so the api keeps answering meanwhile (503 until ready).
import path from 'node:path';
import { env } from '@/services/config/env';
import { ModelPool, type ModelLog } from '@/services/models/model-pool';
import { buildOfflineModel } from '@/services/models/build-offline-model';
import { SentimentModel } from '@/ml/sentiment/model';
import { isSentimentModelCurrent } from '@/ml/sentiment/build';
import { SENTIMENT_MODEL_NAME } from '@/ml/sentiment/card';
import { resolveModel } from '@/ml/runtime/registry';
import { silentLogger } from '@/ml/runtime/types';

const pool = new ModelPool<SentimentModel>(
  'sentiment',
  (id, log) => {
    const e = env();
    const spec = resolveModel(id, 'text-classification', { modelsDir: e.MODELS_DIR });
    return new SentimentModel(spec, {
      device: e.ML_DEVICE,
      threads: (spec.source === 'hub' ? e.ML_TRANSFORMER_THREADS : e.ML_THREADS) || undefined,
      spinning: e.ML_THREAD_SPINNING,
      log,
      autoBuild: false,
      batch: { maxBatch: e.SENTIMENT_BATCH_MAX, maxWaitMs: e.SENTIMENT_BATCH_WAIT_MS, maxQueue: e.SENTIMENT_QUEUE_MAX, concurrency: e.ML_BATCH_CONCURRENCY },
      hub: { localModelPath: e.MODELS_DIR, allowRemoteModels: e.MODELS_ALLOW_REMOTE, cacheDir: path.join(e.MODELS_DIR, 'build', 'hub-cache') },
    });
  },
  async (m, log) => {
    if (m.spec.source === 'local' && m.spec.name === SENTIMENT_MODEL_NAME && !isSentimentModelCurrent(m.spec.path)) await buildOfflineModel('sentiment', log ?? silentLogger);
  },
);

export const defaultSentimentModelId = () => env().SENTIMENT_MODEL;
export const fastSentimentModelId = () => env().SENTIMENT_FAST_MODEL;
const fallbackFor = (id: string) => (id === defaultSentimentModelId() ? fastSentimentModelId() : undefined);

/** Loads (building if needed) the model `id` (default: SENTIMENT_MODEL); idempotent. */
export function startSentimentModel(log?: ModelLog, id = defaultSentimentModelId()): Promise<SentimentModel> {
  return pool.start(id, log, fallbackFor(id));
}

/** The model when ready; otherwise starts loading (at most every 30 s after a failure) and returns undefined. */
export function readySentimentModel(log?: ModelLog, id = defaultSentimentModelId()): SentimentModel | undefined {
  return pool.ready(id, log, fallbackFor(id));
}

export const sentimentModelFailure = (id = defaultSentimentModelId()) => pool.failure(id);

/** For /readyz: whether the model is serving, loading (or building), failed, or not started. */
export const sentimentModelStatus = (id = defaultSentimentModelId()) => pool.status(id);

/** When the default could not load: the model serving instead, and why. */
export const sentimentModelFallback = (id = defaultSentimentModelId()) => pool.fallbackOf(id);

export const loadedSentimentModel = (id = defaultSentimentModelId()) => pool.loaded(id);

/** For tests and the shutdown path. */
export const stopSentimentModel = () => pool.stopAll();
