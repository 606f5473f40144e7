import { handleJob } from '@/services/jobs/define-job';
import { applyRetentionJob } from '@/services/privacy/jobs';
import { applyRetention } from '@/services/privacy/apply-retention';

/** Runs applyRetentionJob (contract and what it is for: services/privacy/jobs.ts). */
export const applyRetentionHandler = handleJob(applyRetentionJob, async (_payload, { log }) => {
  const results = await applyRetention();
  const deleted = results.filter((r) => r.events + r.conversations > 0);
  log.info({ workspaces: results.length, deleted }, 'applied retention');
});
