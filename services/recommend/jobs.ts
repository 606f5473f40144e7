// The recommend domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/** Hourly: queues training for every workspace that received item events since its last run. */
export const scheduleTrainingJob = defineJob({
  name: 'schedule-training',
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  cron: '0 * * * *',
});

/** Trains one model version of a workspace's recommender (services/recommend/train-model.ts). */
export const trainRecommenderJob = defineJob({
  name: 'train-recommender',
  payload: z.strictObject({ workspaceId: z.string().min(1), version: z.number().int().min(1) }),
  // A crash mid-run leaves the version "running": the retry trains it again.
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  expireInSeconds: 30 * 60,
});
