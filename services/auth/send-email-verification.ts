// Email verification: proves that whoever signed up from the public form reads the address they
// gave, before REQUIRE_EMAIL_VERIFICATION lets them hold API keys (issue 13, finding 6). Without
// it, one person could open any number of workspaces under made-up or someone else's addresses.
import { createHash, randomBytes } from 'node:crypto';
import { env } from '@/services/config/env';
import { db, type Tx } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { newId } from '@/services/ids';
import { enqueue } from '@/services/jobs/enqueue';
import { sendEmailJob } from '@/services/mail/jobs';
import { AttemptThrottle, type AttemptLimit } from './throttle';
import { throttleStore } from './throttle-store';

export const EMAIL_VERIFICATION_TTL_MS = 24 * 3600 * 1000;
/** 3 resends per account per hour: enough for a slow or lost email, not a way to flood an inbox. */
export const VERIFICATION_RESEND_LIMIT: AttemptLimit = { name: 'verify-email:resend', points: 3, windowSeconds: 3600 };

export const hashVerificationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Stores a new single-use token (its hash only) and enqueues the email with the link, on the
 * caller's transaction: the email exists if and only if the token does.
 */
export async function issueEmailVerificationInTx(tx: Tx, user: { id: string; email: string }): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  await tx.emailVerification.create({
    data: {
      id: newId('ver'),
      userId: user.id,
      tokenHash: hashVerificationToken(token),
      expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS),
    },
  });
  const link = `${env().PUBLIC_WEB_URL}/verify-email?${new URLSearchParams({ token })}`;
  await enqueue(tx, sendEmailJob, {
    to: user.email,
    subject: 'Verify your email address for Cairn',
    text:
      `Follow this link to verify your email address and unlock API keys:\n\n${link}\n\n` +
      'The link works once and expires in 24 hours. If you did not create a Cairn account, you can ignore this email.',
  });
}

let defaultThrottle: AttemptThrottle | undefined;

/**
 * Sends a new verification link to the user's address. Resolves `{ alreadyVerified: true }` and
 * sends nothing when there is nothing to verify; throws ThrottledError past the resend limit.
 */
export async function resendEmailVerification(
  userId: string,
  throttle: AttemptThrottle = (defaultThrottle ??= new AttemptThrottle(throttleStore(), VERIFICATION_RESEND_LIMIT)),
): Promise<{ alreadyVerified: boolean; email: string }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user) throw notFound('User');
  if (user.emailVerifiedAt) return { alreadyVerified: true, email: user.email };
  await throttle.consume(user.id, 'verification emails');
  await db().$transaction((tx) => issueEmailVerificationInTx(tx, user));
  return { alreadyVerified: false, email: user.email };
}
