import type pg from 'pg';
import { AppError } from '@/services/errors/app-error';

// The one way to write SQL on a hot path: a named statement with typed parameters and rows, run
// on a node-postgres pool or on one of its clients inside `transaction`. Named, so each connection
// parses and plans the text once and later runs send only the parameters; the driver serializes
// parameters itself (a JS array becomes one PostgreSQL array literal: `unnest($1::text[])` takes
// a string[] as is, null elements become NULL). Elsewhere Prisma stays the default; this layer is
// for statements whose per-request cost shows in a bench (ingest, metering, served logging).

/** A statement's SQL text under a name unique in the process; P types its $1..$n, R its rows. */
export interface Statement<P extends readonly unknown[], R> {
  readonly name: string;
  readonly text: string;
  /** Types only; never set. */
  readonly __types?: { params: P; row: R };
}

const texts = new Map<string, string>();

/** Define at module level. One name for two texts is a bug: a connection prepares a name once. */
export function defineStatement<P extends readonly unknown[], R = never>(name: string, text: string): Statement<P, R> {
  const seen = texts.get(name);
  if (seen !== undefined && seen !== text) throw new Error(`hot-sql statement ${name} is defined with two texts`);
  texts.set(name, text);
  return { name, text };
}

export type Queryable = pg.Pool | pg.PoolClient;

export interface Result<R> {
  rows: R[];
  /** Rows inserted, updated, deleted or returned. */
  rowCount: number;
}

export async function run<P extends readonly unknown[], R>(on: Queryable, stmt: Statement<P, R>, params: P): Promise<Result<R>> {
  const res = await on.query<R & pg.QueryResultRow>({ name: stmt.name, text: stmt.text, values: params as unknown as unknown[] });
  return { rows: res.rows, rowCount: res.rowCount ?? 0 };
}

/**
 * Runs `work` in one transaction on a client of `pool`: committed when it resolves, rolled back
 * when it throws. A request waits at most `maxWaitMs` for a connection, then fails with a
 * retryable 503 (`unavailable`), as a Prisma transaction does after its maxWait; a statement in
 * it runs at most `statementTimeoutMs` (set in the BEGIN's round trip).
 */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  opts: { maxWaitMs?: number; statementTimeoutMs?: number } = {},
): Promise<T> {
  const client = await connect(pool, opts.maxWaitMs ?? 5_000);
  let broken = false;
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.trunc(opts.statementTimeoutMs ?? 15_000)}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not handed to the next caller.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}

async function connect(pool: pg.Pool, maxWaitMs: number): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const pending = pool.connect();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(busy());
    }, maxWaitMs);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
    // The pool still hands a connection to a caller that gave up: give it straight back.
    if (timedOut) pending.then((c) => c.release(), () => {});
  }
}

function busy() {
  const err = new AppError('unavailable', 'The service is busy; retry in a moment');
  err.retryAfterS = 1;
  return err;
}
