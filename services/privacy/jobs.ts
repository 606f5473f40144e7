// The privacy domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/** Nightly: deletes events and conversations older than each workspace's retention settings. */
export const applyRetentionJob = defineJob({
  name: 'apply-retention',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 300, backoff: true },
  // Batches keep each statement short, but a first run on a large workspace may take a while.
  expireInSeconds: 3 * 3600,
  cron: '41 2 * * *',
});
