// The members domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/** Daily: deletes invitations that expired more than 30 days ago (their audit lines stay). */
export const purgeExpiredInvitationsJob = defineJob({
  name: 'purge-expired-invitations',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  cron: '17 3 * * *',
});
