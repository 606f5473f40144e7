// The billing domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/** Every 5 minutes: the metering ledger to Stripe Billing Meters through the outbox (docs/billing.md). */
export const reportUsageJob = defineJob({
  name: 'report-usage',
  // Scheduled runs report every workspace; a run can be limited to some (`cairn billing report --workspace`).
  payload: z.object({ workspaceIds: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }),
  // A failed run is simply the next run's work (the outbox keeps it); no fast retries.
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  expireInSeconds: 15 * 60,
  cron: '*/5 * * * *',
});
