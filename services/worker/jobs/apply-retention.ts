import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { applyRetention } from '@/services/privacy/apply-retention';

/** Nightly: deletes events and conversations older than each workspace's retention settings. */
export const applyRetentionJob = defineJob({
  name: 'apply-retention',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 300, backoff: true },
  // Batches keep each statement short, but a first run on a large workspace may take a while.
  expireInSeconds: 3 * 3600,
  cron: '41 2 * * *',
  handler: async (_payload, { log }) => {
    const results = await applyRetention();
    const deleted = results.filter((r) => r.events + r.conversations > 0);
    log.info({ workspaces: results.length, deleted }, 'applied retention');
  },
});
