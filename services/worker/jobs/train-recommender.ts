import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { trainModel } from '@/services/recommend/train-model';

/** Trains one model version of a workspace's recommender (services/recommend/train-model.ts). */
export const trainRecommenderJob = defineJob({
  name: 'train-recommender',
  payload: z.strictObject({ workspaceId: z.string().min(1), version: z.number().int().min(1) }),
  // A crash mid-run leaves the version "running": the retry trains it again.
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  expireInSeconds: 30 * 60,
  handler: async ({ workspaceId, version }, { log }) => trainModel(workspaceId, version, log),
});
