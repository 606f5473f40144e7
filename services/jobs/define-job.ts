import type { z } from 'zod';
import type { Logger } from '@/services/logger';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** pg-boss queue name. */
  name: string;
  payload: S;
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  expireInSeconds?: number;
  /** Optional cron (UTC) for scheduled jobs; the worker registers it. */
  cron?: string;
  handler: (payload: z.output<S>, ctx: { jobId: string; log: Logger }) => Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
