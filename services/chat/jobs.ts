// The chat domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * POSTs one "needs a person" event to the workspace's webhook, signed. A non-2xx answer or no
 * answer within 10 s throws, and pg-boss retries with exponential backoff (3 s, 6 s, 12 s ...;
 * 8 retries, about 13 minutes in all). The event id stays the same across retries, so receivers
 * can drop duplicates.
 */
export const deliverHandoffWebhookJob = defineJob({
  name: 'deliver-handoff-webhook',
  payload: z.strictObject({
    workspaceId: z.string().min(1),
    conversationId: z.string().min(1),
    eventId: z.string().min(1),
    reason: z.string().min(1),
    occurredAt: z.iso.datetime(),
  }),
  retry: { limit: 8, delaySeconds: 3, backoff: true },
  expireInSeconds: 60,
  concurrency: 2,
  fairBy: 'workspaceId',
});

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
});
