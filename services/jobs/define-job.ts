import type { z } from 'zod';
import type { Logger } from '@/services/logger';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
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
  handler: (payload: z.output<S>, ctx: { jobId: string; log: Logger }) => Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
