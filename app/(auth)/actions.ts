'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signIn, TooManySignInAttempts } from '@/auth';
import { runAction, type ActionResult } from '@/app/lib/session';
import { safeCallbackUrl } from '@/app/lib/redirects';
import { requestSignUp } from '@/services/auth/request-sign-up';
import { clientIp } from '@/services/auth/throttle';

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/** Signs in with email and password; on success Auth.js redirects (a thrown redirect). */
async function signInOrError(email: string, password: string, redirectTo: string): Promise<ActionResult> {
  try {
    await signIn('credentials', { email, password, redirectTo });
  } catch (err) {
    if (err instanceof TooManySignInAttempts) return { ok: false, error: err.userMessage };
    if (err instanceof AuthError) return { ok: false, error: 'Incorrect email or password.' };
    throw err; // the redirect after a successful sign-in
  }
  return { ok: true };
}

export async function signInAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const email = text(formData, 'email').trim();
  const password = text(formData, 'password');
  if (!email || !password) return { ok: false, error: 'Enter your email and password.' };
  return signInOrError(email, password, safeCallbackUrl(formData.get('callbackUrl')));
}

/**
 * Creates the account, then sends the person to sign in, with the same notice whether the email
 * was new or already had an account (services/auth/request-sign-up.ts): signing them in at once
 * would tell a stranger which emails are taken.
 */
export async function signUpAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const email = text(formData, 'email').trim();
  const workspaceName = text(formData, 'workspaceName').trim();
  const input = { name: text(formData, 'name'), email, password: text(formData, 'password'), ...(workspaceName ? { workspaceName } : {}) };
  const ip = clientIp(await headers());
  const done = await runAction(() => requestSignUp(input, ip));
  // The fields say what is wrong; the form's own message only points at them.
  if (!done.ok) return done.fieldErrors && Object.keys(done.fieldErrors).length > 0 ? { ...done, error: 'Please fix the highlighted fields.' } : done;
  const callbackUrl = safeCallbackUrl(formData.get('callbackUrl'));
  redirect(`/signin?${new URLSearchParams({ email: email.toLowerCase(), callbackUrl, notice: 'signed-up' })}`);
}
