import { handleJob } from '@/services/jobs/define-job';
import { trainRecommenderJob } from '@/services/recommend/jobs';
import { exclusively } from '@/services/jobs/exclusive';
import { trainModel } from '@/services/recommend/train-model';

// One training per workspace at a time across every worker: a version queued while another runs
// waits for it (two at once would double the memory and race to promote).
/** Runs trainRecommenderJob (contract and what it is for: services/recommend/jobs.ts). */
export const trainRecommenderHandler = handleJob(trainRecommenderJob, async ({ workspaceId, version }, { log }) => {
  await exclusively(`train-recommender:${workspaceId}`, () => trainModel(workspaceId, version, log));
});
