import { handleJob } from '@/services/jobs/define-job';
import { deliverHandoffWebhookJob } from '@/services/chat/jobs';
import { deliverHandoffWebhook } from '@/services/chat/deliver-handoff-webhook';

/** Runs deliverHandoffWebhookJob (contract and what it is for: services/chat/jobs.ts). */
export const deliverHandoffWebhookHandler = handleJob(deliverHandoffWebhookJob, async (event, { log }) => {
  const result = await deliverHandoffWebhook(event);
  log.info({ workspaceId: event.workspaceId, eventId: event.eventId, ...result }, 'handoff webhook delivered');
});
