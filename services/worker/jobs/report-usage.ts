import { handleJob } from '@/services/jobs/define-job';
import { reportUsageJob } from '@/services/billing/jobs';
import { reportUsage } from '@/services/billing/report-usage';
import { exclusively } from '@/services/jobs/exclusive';

// One run at a time across every worker: two runs racing would read the same pending reports and
// both send them (Stripe keeps one per identifier, but the work and the requests would double).
/** Runs reportUsageJob (contract and what it is for: services/billing/jobs.ts). */
export const reportUsageHandler = handleJob(reportUsageJob, async (payload, { log }) => {
  const result = await exclusively('report-usage', () => reportUsage(payload.workspaceIds ? { workspaceIds: payload.workspaceIds } : {}));
  if (result.skipped) log.debug(result, 'usage reporting skipped');
  else log.info(result, 'usage reported to Stripe');
});
