import { db } from '@/services/db/client';

/**
 * Whether a session signed in at `signedInAt` (ms; undefined for sessions from before this check
 * existed) may still be used: the account exists and its password has not changed since. Sessions
 * are JWTs (auth.ts), so this is what lets a password reset or change sign out every other device.
 */
export async function sessionStillValid(userId: string, signedInAt: number | undefined): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  if (!user) return false;
  if (!user.passwordChangedAt) return true;
  return signedInAt !== undefined && signedInAt >= user.passwordChangedAt.getTime();
}
