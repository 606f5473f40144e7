// The embedded PostgreSQL as its own process, started detached by `cairn start` so that Ctrl-C
// in the terminal reaches the app processes first and the database stops last. Reports
// `{ ready, url }` over IPC; stops on SIGTERM or when `cairn start` goes away (IPC disconnect).
import { env } from '@/services/config/env';
import { createLogger } from '@/services/logger';
import { onShutdown } from '@/services/process/shutdown';
import { startEmbeddedDatabase } from './embedded';

const e = env();
const log = createLogger('postgres', e.LOG_LEVEL);
try {
  const database = await startEmbeddedDatabase({ dataDir: e.CAIRN_DATA_DIR, port: e.EMBEDDED_PG_PORT, log });
  onShutdown(log, database.stop);
  process.send?.({ ready: true, url: database.url });
} catch (err) {
  log.error({ err }, 'embedded PostgreSQL failed to start');
  process.send?.({ ready: false, error: String((err as Error)?.message ?? err) });
  process.exit(1);
}
