// Where the auth throttles keep their counters: one PostgreSQL table through rate-limiter-flexible's
// RateLimiterPostgres, so every web process (and every machine) counts the same failures and sees
// the same locks. In-process counters would give an attacker N times the limit with N processes.
import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { commitPool } from '@/services/db/commit-pool';

// In its own schema, as pg-boss keeps its tables in `pgboss`: these rows are short-lived counters
// with nothing to join, created at runtime, and Prisma's migrations and drift checks never see them.
const SCHEMA = 'throttle';
const TABLE = 'counters';

export interface LimiterOptions {
  /** Namespace of the keys, e.g. `signin:account:fails`. */
  keyPrefix: string;
  points: number;
  /** Seconds a counter lives after its first point. */
  durationSeconds: number;
}

export interface ThrottleStore {
  /** A limiter over the shared table; wait for `ready` before using it. */
  limiter(options: LimiterOptions): RateLimiterPostgres;
  ready(): Promise<void>;
}

async function createTable(pool: pg.Pool): Promise<void> {
  // The same columns RateLimiterPostgres creates itself; done once here so that every limiter can
  // be constructed with tableCreated (no racing CREATE TABLE per limiter, no async constructor).
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS "${SCHEMA}"`,
    `CREATE TABLE IF NOT EXISTS "${SCHEMA}"."${TABLE}" (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
  ];
  for (const text of statements) {
    try {
      await pool.query(text);
    } catch (err) {
      // Two processes creating the same schema or table at once: the loser sees a unique violation
      // on the catalog (PostgreSQL's IF NOT EXISTS is not atomic); the object exists, go on.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
}

/** A store on `pool`; by default the process's small node-postgres pool (services/db/commit-pool). */
export function createThrottleStore(pool: pg.Pool = commitPool()): ThrottleStore {
  let ready: Promise<void> | undefined;
  let sweeper = false;
  return {
    ready() {
      ready ??= createTable(pool).catch((err: unknown) => {
        ready = undefined; // retry on the next attempt rather than failing forever
        throw err;
      });
      return ready;
    },
    limiter({ keyPrefix, points, durationSeconds }) {
      const limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        schemaName: SCHEMA,
        tableName: TABLE,
        tableCreated: true,
        keyPrefix,
        points,
        duration: durationSeconds,
        // One limiter per store deletes expired rows (every 5 minutes, an unref'd timer).
        clearExpiredByTimeout: !sweeper,
      });
      sweeper = true;
      return limiter;
    },
  };
}

let defaultStore: ThrottleStore | undefined;

/** The process's store (lazily created: importing this module opens no connection). */
export function throttleStore(): ThrottleStore {
  defaultStore ??= createThrottleStore();
  return defaultStore;
}
