// "Forgot password?": mails a single-use link that sets a new password. The answer is the same
// whether or not the email has an account (no account enumeration); throttled per IP (a script
// trying many addresses) and per email (a way to flood someone's inbox), the latter silently so
// that the throttle does not reveal which emails have accounts either.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { newId } from '@/services/ids';
import { enqueue } from '@/services/jobs/enqueue';
import { parseOrThrow } from '@/services/validation';
import { sendEmailJob } from '@/services/mail/jobs';
import { emailSchema } from './schemas';
import { AttemptThrottle, type AttemptLimit } from './throttle';
import { throttleStore, type ThrottleStore } from './throttle-store';

/** One hour: long enough to find the email, short enough that an old mailbox copy is useless. */
export const PASSWORD_RESET_TTL_MS = 3600 * 1000;
/** 10 requests per address per hour (an office shares one), across all emails. */
export const RESET_IP_LIMIT: AttemptLimit = { name: 'reset:ip', points: 10, windowSeconds: 3600 };
/** 3 reset mails per email per hour: a lost mail can be re-sent, an inbox cannot be flooded. */
export const RESET_EMAIL_LIMIT: AttemptLimit = { name: 'reset:email', points: 3, windowSeconds: 3600 };

export interface ResetThrottles {
  ip: AttemptThrottle;
  email: AttemptThrottle;
}

export function createResetThrottles(store: ThrottleStore): ResetThrottles {
  return { ip: new AttemptThrottle(store, RESET_IP_LIMIT), email: new AttemptThrottle(store, RESET_EMAIL_LIMIT) };
}

let defaults: ResetThrottles | undefined;
const defaultThrottles = () => (defaults ??= createResetThrottles(throttleStore()));

export const hashResetToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const requestPasswordResetSchema = z.strictObject({ email: emailSchema });

/**
 * Stores a new token (its hash only) and enqueues the mail with the link, in one transaction, when
 * the email has an account and is under its limit; otherwise does nothing. Resolves to nothing
 * either way. Throws validation errors (they reveal nothing) and ThrottledError (per IP only).
 */
export async function requestPasswordReset(input: unknown, ip: string, throttles: ResetThrottles = defaultThrottles()): Promise<void> {
  const { email } = parseOrThrow(requestPasswordResetSchema, input);
  await throttles.ip.consume(ip, 'password reset requests');
  if (!(await throttles.email.tryConsume(email)).allowed) return;
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return;

  const token = randomBytes(24).toString('base64url');
  const link = `${env().PUBLIC_WEB_URL}/reset-password?${new URLSearchParams({ token })}`;
  await db().$transaction(async (tx) => {
    await tx.passwordReset.create({
      data: { id: newId('pwr'), userId: user.id, tokenHash: hashResetToken(token), expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS) },
    });
    await enqueue(tx, sendEmailJob, {
      to: user.email,
      subject: 'Reset your Cairn password',
      text:
        `Someone (hopefully you) asked to reset the password of your Cairn account. Follow this link to choose a new one:\n\n${link}\n\n` +
        'The link works once and expires in 1 hour. Setting a new password signs out every session of the account.\n' +
        'If you did not ask for this, ignore this email: your password stays as it is.',
    });
  });
}
