import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Tx } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { createBoss } from './boss';
import type { JobContract } from './define-job';

// A never-started pg-boss instance used only to build job rows; the SQL runs on the caller's
// transaction, so a job exists if and only if the change that needs it commits.
let sender: PgBoss | undefined;

/** One SQL statement on the caller's transaction: a Prisma transaction or a node-postgres client. */
export type SqlRunner = (text: string, values: unknown[]) => Promise<unknown[]>;
const prismaRunner =
  (tx: Tx): SqlRunner =>
  (text, values) =>
    tx.$queryRawUnsafe<unknown[]>(text, ...values);
/** For work that streams through its own pg client (uploads) instead of Prisma's. */
export const pgClientRunner =
  (client: pg.ClientBase): SqlRunner =>
  async (text, values) =>
    (await client.query(text, values)).rows;

function executor(run: SqlRunner): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const params = values.map((v) =>
        v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      return { rows: await run(text, params) };
    },
  };
}

export async function enqueue<S extends z.ZodType>(tx: Tx, job: JobContract<S>, payload: z.input<S>): Promise<string> {
  return enqueueOn(prismaRunner(tx), job, payload);
}

/** enqueue() on any transaction that runs SQL. */
export async function enqueueOn<S extends z.ZodType>(run: SqlRunner, job: JobContract<S>, payload: z.input<S>): Promise<string> {
  const data = parseOrThrow(job.payload, payload) as object;
  sender ??= createBoss();
  const priority = job.fairBy ? await fairPriority(run, job.name, job.fairBy, (data as Record<string, unknown>)[job.fairBy]) : undefined;
  const id = await sender.send(job.name, data, { db: executor(run), ...(priority === undefined ? {} : { priority }) });
  // pg-boss inserts nothing (and returns null) when the queue does not exist: fail loudly.
  if (!id) throw new AppError('internal', `Job queue ${job.name} is not installed; run \`npx cairn migrate\``);
  return id;
}

/**
 * Round-robin across tenants with pg-boss's own ordering (priority first, then age): a job's
 * priority is minus the number of its tenant's jobs still queued or running in that queue, so a
 * tenant's first job goes ahead of another tenant's tenth, however old that one is.
 */
async function fairPriority(run: SqlRunner, queue: string, field: string, key: unknown): Promise<number> {
  if (typeof key !== 'string') return 0;
  const [row] = (await run(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed' AND data->>$2 = $3`, [queue, field, key])) as { n: number }[];
  return -(row?.n ?? 0);
}
