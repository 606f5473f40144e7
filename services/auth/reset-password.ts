// The second half of "Forgot password?": the link from the email sets a new password. A link works
// once (its row is marked used in the same transaction as the new hash), expires after an hour, and
// using one voids every other pending link of the account. The new password's time
// (User.passwordChangedAt) signs out every session opened before it (auth.ts).
import { z } from 'zod';
import { recordAccountAudit } from '@/services/audit/record-account-audit';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { hashPassword } from './password';
import { hashResetToken } from './request-password-reset';
import { passwordSchema } from './schemas';
import { throttleStore } from './throttle-store';
import { createSignInThrottles, type SignInThrottles } from './throttled-sign-in';

const ASK_AGAIN = 'Ask for a new link from the sign-in page (“Forgot password?”).';

export const resetPasswordSchema = z.strictObject({ token: z.string().max(200), password: passwordSchema });

type ResetRow = { id: string; userId: string; usedAt: Date | null; expiresAt: Date; user: { email: string } };

/** Tokens are 32 base64url characters; anything else cannot match and is not worth a query. */
async function findReset(token: string): Promise<ResetRow | null> {
  if (!/^[\w-]{16,100}$/.test(token)) return null;
  return db().passwordReset.findUnique({
    where: { tokenHash: hashResetToken(token) },
    select: { id: true, userId: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
}

/** The row of a link that can still be used, or the AppError that says why not. */
function usable(row: ResetRow | null, now: Date): ResetRow {
  if (!row) throw new AppError('not_found', `This password reset link is not valid: check that you opened the whole link from the email. ${ASK_AGAIN}`);
  if (row.usedAt) throw new AppError('conflict', `This password reset link was already used. ${ASK_AGAIN}`);
  if (row.expiresAt <= now) throw new AppError('bad_request', `This password reset link has expired (links work for 1 hour). ${ASK_AGAIN}`);
  return row;
}

/** For the page behind the link: the account's email while the link can be used; throws as resetPassword does. */
export async function checkPasswordResetToken(token: string): Promise<{ email: string }> {
  return { email: usable(await findReset(token), new Date()).user.email };
}

let defaultThrottles: SignInThrottles | undefined;

/**
 * Sets the new password; throws validation errors (field `password`) and the link's AppErrors.
 * Also lifts a sign-in lock on the account: the lock stops guessing of the old password, and the
 * owner just proved they read the account's mail.
 */
export async function resetPassword(
  input: unknown,
  meta: { ip?: string } = {},
  throttles: SignInThrottles = (defaultThrottles ??= createSignInThrottles(throttleStore())),
): Promise<{ email: string }> {
  const data = parseOrThrow(resetPasswordSchema, input);
  const now = new Date();
  const row = usable(await findReset(data.token), now);
  const passwordHash = await hashPassword(data.password);
  const done = await db().$transaction(async (tx) => {
    // The conditional update is what makes the link single-use when two requests race.
    const { count } = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (count === 0) throw new AppError('conflict', `This password reset link was already used. ${ASK_AGAIN}`);
    await tx.passwordReset.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, passwordChangedAt: now } });
    await recordAccountAudit(tx, { userId: row.userId, action: 'password.reset', targetType: 'user', targetId: row.userId, metadata: meta.ip ? { ip: meta.ip } : {} });
    return { email: row.user.email };
  });
  await throttles.account.reset(done.email);
  return done;
}
