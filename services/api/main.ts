// The api process: `npm run start:api`.
import pino from 'pino';
import { env } from '@/services/config/env';
import { db, disconnectDb } from '@/services/db/client';
import { closeCommitPool } from '@/services/db/commit-pool';
import { onShutdown } from '@/services/process/shutdown';
import { buildApiServer } from './server';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { fastEmbeddingModelId, startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { fastSentimentModelId, startSentimentModel, stopSentimentModel } from '@/services/sentiment/sentiment-model';
import { scriptBundle } from '@/services/browser-scripts/bundle-script';
import { startModelStats } from '@/services/models/model-stats';
import { closeRedis } from '@/services/redis/redis-client';

const e = env();
// Asynchronous, buffered log writes: a synchronous write per request would cap throughput.
const destination = pino.destination({ dest: 1, sync: false });
// Epoch-millisecond timestamps (pino's default): formatting ISO dates per line costs ~1% of a request.
// The pid tells apart the lines of several api processes (API_PROCESSES, replicas).
const logger = pino({ level: e.LOG_LEVEL, base: { service: 'api', pid: process.pid } }, destination);

const app = await buildApiServer({ logger });
// Warm-up: open the pool and load the query engine before the first caller pays for it.
await db().$queryRaw`SELECT 1`;
// The browser scripts are bundled in memory once (decisions.md 14); a failure is retried on request.
for (const name of ['tracker', 'widget'] as const) await scriptBundle(name).catch((err: unknown) => logger.error({ err, script: name }, 'browser script bundle failed'));
await app.listen({ host: e.HOST, port: e.API_PORT });
logger.info({ url: e.PUBLIC_API_URL }, 'api listening');
// Metrics are not worth failing the api for (a port taken by another api on this host): logged, then served without.
let metricsServer: MetricsServer | undefined;
if (e.METRICS_PORT > 0) {
  metricsServer = await startMetricsServer(app.metrics, { host: e.METRICS_HOST, port: e.METRICS_PORT }).catch((err: unknown) => {
    logger.error({ err }, 'metrics listener failed to start; /metrics is not served');
    return undefined;
  });
  if (metricsServer) logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');
}
// Load the default embedding and sentiment models, then the fast ones, one at a time (a missing
// offline model is built first and each build holds the GloVe vectors in memory) while the api
// already answers; /v1/embeddings and /v1/sentiment answer 503 until the model asked for is ready.
const mlLog = logger.child({ component: 'ml' });
const loads: (() => Promise<unknown>)[] = [
  () => startEmbeddingModel(mlLog),
  () => startSentimentModel(mlLog),
  () => startEmbeddingModel(mlLog, fastEmbeddingModelId()),
  () => startSentimentModel(mlLog, fastSentimentModelId()),
];
if (e.ML_PRELOAD) void loads.reduce<Promise<unknown>>((prev, load) => prev.then(load).catch(() => undefined), Promise.resolve());
startModelStats();

let stopWorker: (() => Promise<void>) | undefined;
if (e.WORKER_IN_PROCESS) {
  const { startWorker } = await import('@/services/worker/start-worker');
  stopWorker = await startWorker(logger.child({ service: 'worker' }));
}

onShutdown(logger, async () => {
  await app.close();
  await metricsServer?.close();
  await stopEmbeddingModel();
  await stopSentimentModel();
  await stopWorker?.();
  await closeCommitPool();
  await closeRedis();
  await disconnectDb();
  destination.flushSync();
});
