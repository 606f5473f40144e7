'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { runAction, type ActionResult } from '@/app/lib/session';
import { requestPasswordReset } from '@/services/auth/request-password-reset';
import { resetPassword } from '@/services/auth/reset-password';
import { clientIp } from '@/services/auth/throttle';

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/** The same answer whether or not the email has an account (services/auth/request-password-reset.ts). */
export async function requestPasswordResetAction(_prev: ActionResult<{ email: string }> | null, formData: FormData): Promise<ActionResult<{ email: string }>> {
  const email = text(formData, 'email').trim();
  const ip = clientIp(await headers());
  return runAction(async () => {
    await requestPasswordReset({ email }, ip);
    return { email: email.toLowerCase() };
  }, { labels: { email: 'Email' } });
}

/** Sets the new password, then sends the person to sign in with it. */
export async function resetPasswordAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const ip = clientIp(await headers());
  const done = await runAction(() => resetPassword({ token: text(formData, 'token'), password: text(formData, 'password') }, { ip }));
  if (!done.ok) return done;
  redirect(`/signin?${new URLSearchParams({ email: done.data!.email, notice: 'password-reset' })}`);
}
