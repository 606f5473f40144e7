// A job in two halves. The contract (queue name, zod payload, retry policy, schedule) lives beside
// its domain (services/<domain>/jobs.ts): the code that enqueues the job imports only that. The
// handler lives in services/worker/jobs/ and is what the worker runs. So no domain imports the
// worker, and enqueuing a job never loads the code that does it.
import type { z } from 'zod';
import type { Logger } from '@/services/logger';

export interface JobContract<S extends z.ZodType = z.ZodType> {
  /** pg-boss queue name. */
  name: string;
  payload: S;
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  expireInSeconds?: number;
  /** How many of these jobs one worker process runs at once (default 1). */
  concurrency?: number;
  /**
   * Fair scheduling: the payload field naming the tenant a job belongs to. Each job is enqueued
   * behind the tenant's unfinished ones (enqueue.ts), so tenants are served in turn, not in order.
   */
  fairBy?: string;
  /** Optional cron (UTC) for scheduled jobs; the worker registers it. */
  cron?: string;
}

export type JobHandler<S extends z.ZodType> = (payload: z.output<S>, ctx: { jobId: string; log: Logger }) => Promise<void>;

/** A contract with its handler: what the worker registers. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> extends JobContract<S> {
  handler: JobHandler<S>;
}

export function defineJob<S extends z.ZodType>(contract: JobContract<S>): JobContract<S> {
  return contract;
}

export function handleJob<S extends z.ZodType>(contract: JobContract<S>, handler: JobHandler<S>): JobDefinition<S> {
  return { ...contract, handler };
}
