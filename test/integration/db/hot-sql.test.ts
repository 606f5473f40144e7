// services/db/hot-sql.ts on a real pool: parameters as the driver writes them (arrays with quotes,
// backslashes, braces and NULL), commit and rollback, the bounded wait for a connection.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@/services/errors/app-error';
import { defineStatement, run, transaction } from '@/services/db/hot-sql';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, allowExitOnIdle: true });
afterAll(() => pool.end());

const ECHO = defineStatement<[(string | null)[], (number | null)[]], { t: string | null; n: number | null; i: number }>(
  'test-hot-sql-echo',
  'SELECT t, n, i::int AS i FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS u(t, n, i) ORDER BY i',
);

describe('hot-sql', () => {
  it('passes JS arrays through the driver: every string, number and null comes back as it went', async () => {
    const texts = ['plain', 'with "quotes"', 'back\\slash', '{braces},commas', 'NULL', '', null, 'ünïcødé 🙂'];
    const numbers = [1, -2.5, 1e12, 0.1 + 0.2, null, 0, 1733100000123, -0];
    const { rows, rowCount } = await run(pool, ECHO, [texts, numbers]);
    expect(rowCount).toBe(texts.length);
    expect(rows.map((r) => r.t)).toEqual(texts);
    expect(rows.map((r) => r.n)).toEqual(numbers.map((n) => (n === null ? null : n === 0 ? 0 : n)));
  });

  it('commits the work of a transaction, and rolls all of it back when the work throws', async () => {
    const table = `hot_sql_${Date.now()}`;
    await pool.query(`CREATE TABLE ${table} (v int)`);
    try {
      await transaction(pool, (c) => c.query(`INSERT INTO ${table} VALUES (1)`));
      await expect(
        transaction(pool, async (c) => {
          await c.query(`INSERT INTO ${table} VALUES (2)`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await pool.query(`SELECT array_agg(v) AS v FROM ${table}`)).rows[0].v).toEqual([1]);
    } finally {
      await pool.query(`DROP TABLE ${table}`);
    }
  });

  it('waits a bounded time for a connection, then fails with a retryable 503 and leaves the pool usable', async () => {
    let release!: () => void;
    const held = transaction(pool, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    const err = await transaction(pool, async () => 1, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    expect((err as AppError).retryAfterS).toBe(1);
    release();
    await held;
    expect(await transaction(pool, async (c) => (await c.query('SELECT 7 AS x')).rows[0].x)).toBe(7);
  });

  it('refuses one statement name for two texts (a connection prepares a name once)', () => {
    expect(() => defineStatement('test-hot-sql-echo', 'SELECT 1')).toThrow(/two texts/);
    expect(defineStatement('test-hot-sql-echo', ECHO.text).text).toBe(ECHO.text);
  });
});

describe('the commit pool', () => {
  it('survives the server ending its idle connections (restart, failover): no crash, the next statement runs', async () => {
    const { commitPool } = await import('@/services/db/commit-pool');
    const p = commitPool();
    const pids = await Promise.all([0, 1].map(async () => (await p.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
    const unhandled: unknown[] = [];
    const onError = (err: unknown) => unhandled.push(err);
    process.on('uncaughtException', onError);
    try {
      await pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [[...new Set(pids)]]);
      await new Promise((r) => setTimeout(r, 300)); // the pool hears of it
      expect(p.listenerCount('error')).toBeGreaterThan(0);
      expect((await p.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
