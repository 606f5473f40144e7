import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { reportUsage } from '@/services/billing/report-usage';

/** Every 5 minutes: the metering ledger to Stripe Billing Meters through the outbox (docs/billing.md). */
export const reportUsageJob = defineJob({
  name: 'report-usage',
  payload: z.object({}).passthrough(),
  // A failed run is simply the next run's work (the outbox keeps it); no fast retries.
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  expireInSeconds: 15 * 60,
  cron: '*/5 * * * *',
  handler: async (_payload, { log }) => {
    const result = await reportUsage();
    if (result.skipped) log.debug(result, 'usage reporting skipped');
    else log.info(result, 'usage reported to Stripe');
  },
});
