import nodemailer from 'nodemailer';
import { env } from '@/services/config/env';
import type { Logger } from '@/services/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transporter: nodemailer.Transporter | undefined;

/**
 * Pluggable transport: `log` (the embedded default) writes the email, links included, to the log;
 * `smtp` sends it through SMTP_URL.
 */
export async function sendMail(mail: Mail, log: Logger): Promise<void> {
  const e = env();
  if (e.MAIL_TRANSPORT === 'log') {
    log.info({ mail: { to: mail.to, subject: mail.subject } }, `email (MAIL_TRANSPORT=log)\n${mail.text}`);
    return;
  }
  transporter ??= nodemailer.createTransport(e.SMTP_URL!);
  await transporter.sendMail({ from: e.MAIL_FROM, ...mail });
}
