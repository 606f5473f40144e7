import { createHmac, timingSafeEqual } from 'node:crypto';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';

/** hex HMAC-SHA256(secret, userId): what the tenant's server computes for the widget. */
export const identityHash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/**
 * Whether the visitor's userId can be trusted. Secret keys are servers: trusted. A publishable key
 * runs in a browser, where anyone can type any userId: when the workspace has an identity secret,
 * the userId must come with `userHash` = HMAC-SHA256(secret, userId) (else 403); without a secret
 * the userId is kept but marked unverified.
 */
export async function verifyIdentity(
  workspaceId: string,
  keyType: 'secret' | 'publishable',
  userId: string | undefined,
  userHash: string | undefined,
): Promise<{ userVerified: boolean }> {
  if (userHash !== undefined && userId === undefined) {
    throw new AppError('validation_failed', 'Request validation failed', [{ path: 'body.userHash', message: 'userHash needs userId' }]);
  }
  if (userId === undefined) return { userVerified: false };
  if (keyType === 'secret') return { userVerified: true };
  const settings = await db().chatSettings.findUnique({ where: { workspaceId }, select: { identitySecret: true } });
  if (!settings?.identitySecret) return { userVerified: false };
  const expected = Buffer.from(identityHash(settings.identitySecret, userId), 'hex');
  const given = Buffer.from(userHash ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('forbidden', userHash ? 'Identity verification failed: userHash does not match userId' : 'Identity verification is on: send userHash (HMAC-SHA256 of userId with your identity secret) with userId');
  }
  return { userVerified: true };
}
