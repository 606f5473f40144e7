'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn } from '@/auth';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { changePassword } from '@/services/auth/change-password';

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/**
 * Changes the signed-in person's password. The change signs out every session opened before it,
 * this one included (auth.ts), so the action signs this browser in again with the new password:
 * the person stays signed in here and nowhere else. It ends in a redirect: re-rendering the page
 * within this request would read the old session cookie (auth() reads the request's headers).
 */
export async function changePasswordAction(workspaceId: string, _prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const userId = await requireUserId();
  const newPassword = text(formData, 'newPassword');
  const done = await runAction(() => changePassword(userId, { currentPassword: text(formData, 'currentPassword'), newPassword }), {
    labels: { currentPassword: 'Current password', newPassword: 'New password' },
  });
  if (!done.ok) return done;
  const back = `/dashboard/${encodeURIComponent(workspaceId)}/settings?notice=password-changed`;
  try {
    await signIn('credentials', { email: done.data!.email, password: newPassword, redirectTo: back });
  } catch (err) {
    // The password is changed either way; if signing in again is refused, sign in by hand.
    if (err instanceof AuthError) redirect(`/signin?${new URLSearchParams({ email: done.data!.email, notice: 'password-reset' })}`);
    throw err; // the redirect back to the settings page
  }
  return { ok: true }; // not reached: signIn redirects
}
