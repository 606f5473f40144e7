import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { sendMail } from '@/services/mail/send-mail';

export const sendEmailJob = defineJob({
  name: 'send-email',
  payload: z.strictObject({ to: z.email(), subject: z.string().min(1).max(300), text: z.string().min(1).max(20_000) }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  handler: async (mail, { log }) => sendMail(mail, log),
});
