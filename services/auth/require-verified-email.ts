import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';

/**
 * The address REQUIRE_EMAIL_VERIFICATION is waiting on before `userId` may create API keys (the API
 * keys page shows a banner then), or null when nothing holds them back.
 */
export async function pendingEmailVerification(userId: string, required = env().REQUIRE_EMAIL_VERIFICATION): Promise<string | null> {
  if (!required) return null;
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  return user && !user.emailVerifiedAt ? user.email : null;
}

/** Throws 403 `email_unverified`, naming what to do, when the setting is on and the address is not verified. */
export async function requireVerifiedEmail(userId: string, required = env().REQUIRE_EMAIL_VERIFICATION): Promise<void> {
  const email = await pendingEmailVerification(userId, required);
  if (!email) return;
  throw new AppError(
    'email_unverified',
    `Verify your email address before creating API keys: follow the link in the email we sent to ${email}, or send a new one from the API keys page.`,
  );
}
