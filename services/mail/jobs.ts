// The mail domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

export const sendEmailJob = defineJob({
  name: 'send-email',
  payload: z.strictObject({ to: z.email(), subject: z.string().min(1).max(300), text: z.string().min(1).max(20_000) }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
});
