'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/auth';
import { runAction, type ActionResult } from '@/app/lib/session';
import { safeCallbackUrl } from '@/app/lib/redirects';
import { signUp } from '@/services/auth/sign-up';

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/** Signs in with email and password; on success Auth.js redirects (a thrown redirect). */
async function signInOrError(email: string, password: string, redirectTo: string): Promise<ActionResult> {
  try {
    await signIn('credentials', { email, password, redirectTo });
  } catch (err) {
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

export async function signUpAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const email = text(formData, 'email');
  const password = text(formData, 'password');
  const workspaceName = text(formData, 'workspaceName').trim();
  const created = await runAction(() =>
    signUp({ name: text(formData, 'name'), email, password, ...(workspaceName ? { workspaceName } : {}) }),
  );
  if (!created.ok) return created.error === 'Request validation failed' ? { ...created, error: 'Please fix the highlighted fields.' } : created;
  return signInOrError(email, password, safeCallbackUrl(formData.get('callbackUrl')));
}
