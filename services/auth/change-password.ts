// "Change password" for a signed-in person: the current password is required (a session left open
// on a shared computer must not be enough to take the account over). Wrong current passwords count
// against the same per-account lock as sign-in, so this form is no way around it.
import { z } from 'zod';
import { recordAccountAudit } from '@/services/audit/record-account-audit';
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { hashPassword, verifyPassword } from './password';
import { passwordSchema } from './schemas';
import { ThrottledError } from './throttle';
import { throttleStore } from './throttle-store';
import { createSignInThrottles, type SignInThrottles } from './throttled-sign-in';

export const changePasswordSchema = z
  .strictObject({ currentPassword: z.string().min(1, 'Enter your current password').max(200), newPassword: passwordSchema })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'New password must differ from the current one' });

let defaults: SignInThrottles | undefined;

/**
 * Sets a new password after checking the current one. Throws validation_failed naming
 * `currentPassword` (wrong) or `newPassword` (too short, unchanged), and ThrottledError while the
 * account is locked. Sessions opened before the change are signed out (User.passwordChangedAt).
 */
export async function changePassword(
  userId: string,
  input: unknown,
  throttles: SignInThrottles = (defaults ??= createSignInThrottles(throttleStore())),
): Promise<{ email: string; changedAt: Date }> {
  const data = parseOrThrow(changePasswordSchema, input);
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, passwordHash: true } });
  if (!user) throw notFound('User');
  const wait = await throttles.account.lockedForMs(user.email);
  if (wait > 0) throw new ThrottledError(wait, 'password attempts');
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
    const { lockedForMs } = await throttles.account.recordFailure(user.email);
    if (lockedForMs > 0) throw new ThrottledError(lockedForMs, 'password attempts');
    throw new AppError('validation_failed', 'Current password is not correct', [{ path: 'currentPassword', message: 'is not correct' }]);
  }
  await throttles.account.reset(user.email);
  const passwordHash = await hashPassword(data.newPassword);
  const changedAt = new Date();
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: changedAt } });
    // A pending reset link would undo this change: void them.
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: changedAt } });
    await recordAccountAudit(tx, { userId: user.id, action: 'password.changed', targetType: 'user', targetId: user.id });
  });
  return { email: user.email, changedAt };
}
