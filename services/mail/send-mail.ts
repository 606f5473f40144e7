import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { env } from '@/services/config/env';
import type { Logger } from '@/services/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** A mail as the file sink keeps it: one JSON object per line. */
export interface SinkMail extends Mail {
  at: string;
  from: string;
}

let transporter: nodemailer.Transporter | undefined;

/** The file sink of the embedded default: CAIRN_DATA_DIR/mail/outbox.jsonl. */
export const mailSinkPath = (dataDir = env().CAIRN_DATA_DIR) => path.join(dataDir, 'mail', 'outbox.jsonl');

/**
 * Pluggable transport: `file` (the embedded default) appends the email to a local mail sink that
 * only the owner of CAIRN_DATA_DIR can read; `smtp` sends it through SMTP_URL. The log says that an
 * email went out and to whom, never its body: invitation and sign-in links in it are credentials
 * (an invitation grants membership for 7 days), and logs are read and shipped far more widely.
 */
export async function sendMail(mail: Mail, log: Logger): Promise<void> {
  const e = env();
  if (e.MAIL_TRANSPORT === 'smtp') {
    transporter ??= nodemailer.createTransport(e.SMTP_URL!);
    await transporter.sendMail({ from: e.MAIL_FROM, ...mail });
    log.info({ mail: { to: mail.to, subject: mail.subject } }, `email sent to ${mail.to}`);
    return;
  }
  const file = mailSinkPath(e.CAIRN_DATA_DIR);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const line: SinkMail = { at: new Date().toISOString(), from: e.MAIL_FROM, ...mail };
  // One write per mail with O_APPEND: concurrent workers never interleave lines.
  await fs.appendFile(file, JSON.stringify(line) + '\n', { mode: 0o600 });
  log.info({ mail: { to: mail.to, subject: mail.subject }, file }, `email to ${mail.to} written to the local mail sink`);
}

/** The mails in the file sink, oldest first (for tests and `cat`-free reading). */
export async function readMailSink(dataDir?: string): Promise<SinkMail[]> {
  const text = await fs.readFile(mailSinkPath(dataDir), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SinkMail);
}
