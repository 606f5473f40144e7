// The worker process: `npm run start:worker`. Runs every job in services/worker/registry.ts.
import { env } from '@/services/config/env';
import { createLogger } from '@/services/logger';
import { disconnectDb } from '@/services/db/client';
import { onShutdown } from '@/services/process/shutdown';
import { startWorker } from './start-worker';

const log = createLogger('worker', env().LOG_LEVEL);
const stop = await startWorker(log);
onShutdown(log, async () => {
  await stop();
  await disconnectDb();
});
