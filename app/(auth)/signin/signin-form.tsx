'use client';

import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { linkClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { signInAction } from '../actions';

export function SignInForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(signInAction, null);
  const signUpHref = `/signup?${new URLSearchParams({ callbackUrl, ...(email ? { email } : {}) })}`;
  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state && !state.ok ? (
        <Alert tone="error" data-testid="form-error">
          {state.error}
        </Alert>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} autoFocus={!email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required autoFocus={!!email} />
      <p className="-mt-3 text-right text-sm">
        <Link href={`/forgot-password${email ? `?${new URLSearchParams({ email })}` : ''}`} className={linkClass}>
          Forgot password?
        </Link>
      </p>
      <SubmitButton pending={pending} className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
      <p className="text-center text-sm text-stone-600">
        New to Cairn?{' '}
        <Link href={signUpHref} className={linkClass}>
          Create an account
        </Link>
      </p>
    </form>
  );
}
