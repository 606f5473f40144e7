import { handleJob } from '@/services/jobs/define-job';
import { sendEmailJob } from '@/services/mail/jobs';
import { sendMail } from '@/services/mail/send-mail';

/** Runs sendEmailJob (contract and what it is for: services/mail/jobs.ts). */
export const sendEmailHandler = handleJob(sendEmailJob, async (mail, { log }) => sendMail(mail, log));
