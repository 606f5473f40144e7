'use client';

import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { linkClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { requestPasswordResetAction } from '../password-actions';

export function ForgotPasswordForm({ email }: { email?: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<{ email: string }> | null>(requestPasswordResetAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Request a password reset link">
      {state?.ok ? (
        // Worded so that it is true whether or not the email has an account.
        <Alert tone="success" title="Check your email" data-testid="reset-requested">
          If {state.data?.email} has a Cairn account, we sent it a link to reset the password. The link works once, for 1 hour.
        </Alert>
      ) : null}
      {state && !state.ok ? (
        <Alert tone="error" data-testid="form-error">
          {state.error}
        </Alert>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} error={errors.email} autoFocus />
      <SubmitButton pending={pending} className="w-full" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
      <p className="text-center text-sm text-stone-600">
        Remembered it?{' '}
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
