import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { exclusively } from '@/services/jobs/exclusive';

/** Trains one model version of a workspace's recommender (services/recommend/train-model.ts). */
export const trainRecommenderJob = defineJob({
  name: 'train-recommender',
  payload: z.strictObject({ workspaceId: z.string().min(1), version: z.number().int().min(1) }),
  // A crash mid-run leaves the version "running": the retry trains it again.
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  expireInSeconds: 30 * 60,
  // Loaded on first run: whoever only enqueues (the api, the dashboard) never loads the trainer.
  // One training per workspace at a time across every worker: a version queued while another runs
  // waits for it (two at once would double the memory and race to promote).
  handler: async ({ workspaceId, version }, { log }) => {
    const { trainModel } = await import('@/services/recommend/train-model');
    await exclusively(`train-recommender:${workspaceId}`, () => trainModel(workspaceId, version, log));
  },
});
