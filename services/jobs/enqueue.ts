import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Tx } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { createBoss } from './boss';
import type { JobDefinition } from './define-job';

// A never-started pg-boss instance used only to build job rows; the SQL runs on the caller's
// transaction, so a job exists if and only if the change that needs it commits.
let sender: PgBoss | undefined;

function txExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const params = values.map((v) =>
        v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...params) };
    },
  };
}

export async function enqueue<S extends z.ZodType>(tx: Tx, job: JobDefinition<S>, payload: z.input<S>): Promise<string> {
  const data = parseOrThrow(job.payload, payload) as object;
  sender ??= createBoss();
  const priority = job.fairBy ? await fairPriority(tx, job.name, job.fairBy, (data as Record<string, unknown>)[job.fairBy]) : undefined;
  const id = await sender.send(job.name, data, { db: txExecutor(tx), ...(priority === undefined ? {} : { priority }) });
  // pg-boss inserts nothing (and returns null) when the queue does not exist: fail loudly.
  if (!id) throw new AppError('internal', `Job queue ${job.name} is not installed; run \`npx cairn migrate\``);
  return id;
}

/**
 * Round-robin across tenants with pg-boss's own ordering (priority first, then age): a job's
 * priority is minus the number of its tenant's jobs still queued or running in that queue, so a
 * tenant's first job goes ahead of another tenant's tenth, however old that one is.
 */
async function fairPriority(tx: Tx, queue: string, field: string, key: unknown): Promise<number> {
  if (typeof key !== 'string') return 0;
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${queue} AND state < 'completed' AND data->>${field} = ${key}`;
  return -(row?.n ?? 0);
}
