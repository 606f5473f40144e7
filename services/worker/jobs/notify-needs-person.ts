import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * A conversation was flagged "needs a person": emails every member of the workspace and, when a
 * webhook is set, enqueues its delivery (its own job, with its own retries). Fan-out only, in one
 * transaction, so a retry of this job never sends twice.
 */
export const notifyNeedsPersonJob = defineJob({
  name: 'notify-needs-person',
  payload: z.strictObject({ workspaceId: z.string().min(1), conversationId: z.string().min(1), reason: z.string().min(1), occurredAt: z.iso.datetime() }),
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  fairBy: 'workspaceId',
  handler: async (payload, { log }) => {
    const { fanOutNeedsPerson } = await import('@/services/chat/fan-out-needs-person');
    const sent = await fanOutNeedsPerson(payload);
    log.info({ workspaceId: payload.workspaceId, conversationId: payload.conversationId, ...sent }, 'needs-a-person notifications queued');
  },
});
