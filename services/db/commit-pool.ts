import pg from 'pg';
import { env } from '@/services/config/env';
import { createLogger } from '@/services/logger';

// A small node-postgres pool for the api's hot-path SQL (services/db/hot-sql.ts): event batches
// and the group-commit writers (usage of ML requests, served recommendations), each one set-based
// statement per batch or group of requests; through Prisma one commit costs ~500 µs of api CPU
// (its query compiler and transaction round trips), through a named prepared statement on pg ~150 µs.
let pool: pg.Pool | undefined;
export const COMMIT_POOL_SIZE = 4;

export function commitPool(): pg.Pool {
  // allowExitOnIdle: an idle pool never keeps a process (a CLI, a test worker) alive.
  if (!pool) {
    pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: COMMIT_POOL_SIZE, allowExitOnIdle: true });
    // An idle connection the server ends (a restart, a failover, an administrator) is an 'error'
    // event on the pool: unhandled, it would end the process. The pool drops that connection and
    // opens a new one for the next statement; statements running on it fail on their own.
    pool.on('error', (err) => createLogger('db').warn({ err: err.message }, 'an idle hot-SQL connection was closed by the server'));
  }
  return pool;
}

/** Closes the pool (api shutdown); the next commit opens a new one. */
export async function closeCommitPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.end();
}
