'use client';

import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { resetPasswordAction } from '../password-actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(resetPasswordAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Set a new password">
      <input type="hidden" name="token" value={token} />
      {/* For password managers: which account the new password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      {state && !state.ok ? (
        <Alert tone="error" data-testid="form-error">
          {state.error}
        </Alert>
      ) : null}
      <Field label="New password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters." error={errors.password} autoFocus />
      <SubmitButton pending={pending} className="w-full" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
