'use server';

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
 * the person stays signed in here and nowhere else.
 */
export async function changePasswordAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const userId = await requireUserId();
  const newPassword = text(formData, 'newPassword');
  const done = await runAction(() => changePassword(userId, { currentPassword: text(formData, 'currentPassword'), newPassword }), {
    labels: { currentPassword: 'Current password', newPassword: 'New password' },
  });
  if (!done.ok) return done;
  await signIn('credentials', { email: done.data!.email, password: newPassword, redirect: false });
  return { ok: true };
}
