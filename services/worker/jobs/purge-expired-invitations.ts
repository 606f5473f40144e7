import { handleJob } from '@/services/jobs/define-job';
import { purgeExpiredInvitationsJob } from '@/services/members/jobs';
import { db } from '@/services/db/client';

/** Runs purgeExpiredInvitationsJob (contract and what it is for: services/members/jobs.ts). */
export const purgeExpiredInvitationsHandler = handleJob(purgeExpiredInvitationsJob, async (_payload, { log }) => {
  const cutoff = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const { count } = await db().invitation.deleteMany({ where: { acceptedAt: null, expiresAt: { lt: cutoff } } });
  log.info({ count }, 'purged expired invitations');
});
