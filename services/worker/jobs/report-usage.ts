import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { reportUsage } from '@/services/billing/report-usage';
import { exclusively } from '@/services/jobs/exclusive';

/** Every 5 minutes: the metering ledger to Stripe Billing Meters through the outbox (docs/billing.md). */
export const reportUsageJob = defineJob({
  name: 'report-usage',
  // Scheduled runs report every workspace; a run can be limited to some (`cairn billing report --workspace`).
  payload: z.object({ workspaceIds: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }),
  // A failed run is simply the next run's work (the outbox keeps it); no fast retries.
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  expireInSeconds: 15 * 60,
  cron: '*/5 * * * *',
  // One run at a time across every worker: two runs racing would read the same pending reports and
  // both send them (Stripe keeps one per identifier, but the work and the requests would double).
  handler: async (payload, { log }) => {
    const result = await exclusively('report-usage', () => reportUsage(payload.workspaceIds ? { workspaceIds: payload.workspaceIds } : {}));
    if (result.skipped) log.debug(result, 'usage reporting skipped');
    else log.info(result, 'usage reported to Stripe');
  },
});
