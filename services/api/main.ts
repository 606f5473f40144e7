// The api process: `npm run start:api`.
import pino from 'pino';
import { env } from '@/services/config/env';
import { db, disconnectDb } from '@/services/db/client';
import { onShutdown } from '@/services/process/shutdown';
import { buildApiServer } from './server';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { trackerBundle } from '@/services/tracker/bundle-tracker';

const e = env();
// Asynchronous, buffered log writes: a synchronous write per request would cap throughput.
const destination = pino.destination({ dest: 1, sync: false });
// Epoch-millisecond timestamps (pino's default): formatting ISO dates per line costs ~1% of a request.
const logger = pino({ level: e.LOG_LEVEL, base: { service: 'api' } }, destination);

const app = await buildApiServer({ logger });
// Warm-up: open the pool and load the query engine before the first caller pays for it.
await db().$queryRaw`SELECT 1`;
// The browser tracker is bundled in memory once (decisions.md 14); a failure is retried on request.
await trackerBundle().catch((err: unknown) => logger.error({ err }, 'tracker bundle failed'));
await app.listen({ host: e.HOST, port: e.API_PORT });
logger.info({ url: e.PUBLIC_API_URL }, 'api listening');
// Load the embedding model once (building it first when missing) while the api already answers;
// /v1/embeddings answers 503 until it is ready.
startEmbeddingModel(logger.child({ component: 'ml' })).catch(() => undefined);

let stopWorker: (() => Promise<void>) | undefined;
if (e.WORKER_IN_PROCESS) {
  const { startWorker } = await import('@/services/worker/start-worker');
  stopWorker = await startWorker(logger.child({ service: 'worker' }));
}

onShutdown(logger, async () => {
  await app.close();
  await stopEmbeddingModel();
  await stopWorker?.();
  await disconnectDb();
  destination.flushSync();
});
