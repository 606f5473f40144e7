// The api process: `npm run start:api`.
import pino from 'pino';
import { env } from '@/services/config/env';
import { db, disconnectDb } from '@/services/db/client';
import { closeCommitPool } from '@/services/db/commit-pool';
import { onShutdown } from '@/services/process/shutdown';
import { buildApiServer } from './server';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { startSentimentModel, stopSentimentModel } from '@/services/sentiment/sentiment-model';
import { scriptBundle } from '@/services/browser-scripts/bundle-script';

const e = env();
// Asynchronous, buffered log writes: a synchronous write per request would cap throughput.
const destination = pino.destination({ dest: 1, sync: false });
// Epoch-millisecond timestamps (pino's default): formatting ISO dates per line costs ~1% of a request.
const logger = pino({ level: e.LOG_LEVEL, base: { service: 'api' } }, destination);

const app = await buildApiServer({ logger });
// Warm-up: open the pool and load the query engine before the first caller pays for it.
await db().$queryRaw`SELECT 1`;
// The browser scripts are bundled in memory once (decisions.md 14); a failure is retried on request.
for (const name of ['tracker', 'widget'] as const) await scriptBundle(name).catch((err: unknown) => logger.error({ err, script: name }, 'browser script bundle failed'));
await app.listen({ host: e.HOST, port: e.API_PORT });
logger.info({ url: e.PUBLIC_API_URL }, 'api listening');
// Load the embedding model, then the sentiment model, once each (building them first when missing:
// one at a time, each build holds the GloVe vectors in memory) while the api already answers;
// /v1/embeddings and /v1/sentiment answer 503 until their model is ready.
const mlLog = logger.child({ component: 'ml' });
void startEmbeddingModel(mlLog)
  .catch(() => undefined)
  .then(() => startSentimentModel(mlLog))
  .catch(() => undefined);

let stopWorker: (() => Promise<void>) | undefined;
if (e.WORKER_IN_PROCESS) {
  const { startWorker } = await import('@/services/worker/start-worker');
  stopWorker = await startWorker(logger.child({ service: 'worker' }));
}

onShutdown(logger, async () => {
  await app.close();
  await stopEmbeddingModel();
  await stopSentimentModel();
  await stopWorker?.();
  await closeCommitPool();
  await disconnectDb();
  destination.flushSync();
});
