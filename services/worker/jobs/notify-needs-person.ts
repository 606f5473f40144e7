import { handleJob } from '@/services/jobs/define-job';
import { notifyNeedsPersonJob } from '@/services/chat/jobs';
import { fanOutNeedsPerson } from '@/services/chat/fan-out-needs-person';

/** Runs notifyNeedsPersonJob (contract and what it is for: services/chat/jobs.ts). */
export const notifyNeedsPersonHandler = handleJob(notifyNeedsPersonJob, async (payload, { log }) => {
  const sent = await fanOutNeedsPerson(payload);
  log.info({ workspaceId: payload.workspaceId, conversationId: payload.conversationId, ...sent }, 'needs-a-person notifications queued');
});
