import { z } from 'zod';
import { db } from '@/services/db/client';
import { defineJob } from '@/services/jobs/define-job';

/** Daily: deletes invitations that expired more than 30 days ago (their audit lines stay). */
export const purgeExpiredInvitationsJob = defineJob({
  name: 'purge-expired-invitations',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  cron: '17 3 * * *',
  handler: async (_payload, { log }) => {
    const cutoff = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    const { count } = await db().invitation.deleteMany({ where: { acceptedAt: null, expiresAt: { lt: cutoff } } });
    log.info({ count }, 'purged expired invitations');
  },
});
