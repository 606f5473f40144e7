import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { hashVerificationToken } from './send-email-verification';

const RESEND_HINT = 'Sign in and send a new link from the API keys page.';

/**
 * Follows a verification link. A link works once: using it marks every pending link of the user
 * as used. Opening a used link again (a mail scanner may have opened it first) says the address
 * is verified rather than failing, as long as it is. Wrong and expired links throw AppErrors
 * whose messages say what to do.
 */
export async function verifyEmail(token: string): Promise<{ email: string; alreadyVerified: boolean }> {
  // Tokens are 32 base64url characters; anything else cannot match and is not worth a query.
  const row = /^[\w-]{16,100}$/.test(token)
    ? await db().emailVerification.findUnique({
        where: { tokenHash: hashVerificationToken(token) },
        include: { user: { select: { id: true, email: true, emailVerifiedAt: true } } },
      })
    : null;
  if (!row) throw new AppError('not_found', `This verification link is not valid: check that you opened the whole link from the email. ${RESEND_HINT}`);
  if (row.usedAt) {
    if (row.user.emailVerifiedAt) return { email: row.user.email, alreadyVerified: true };
    throw new AppError('conflict', `This verification link was already used. ${RESEND_HINT}`);
  }
  const now = new Date();
  if (row.expiresAt <= now) throw new AppError('bad_request', `This verification link has expired (links work for 24 hours). ${RESEND_HINT}`);

  return db().$transaction(async (tx) => {
    // The conditional update is what makes the link single-use when two requests race.
    const { count } = await tx.emailVerification.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (count === 0) return { email: row.user.email, alreadyVerified: true };
    await tx.emailVerification.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return { email: row.user.email, alreadyVerified: false };
  });
}
