'use client';

import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { changePasswordAction } from './account-actions';

export function ChangePasswordForm({ workspaceId, email, changed }: { workspaceId: string; email: string; changed: boolean }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(changePasswordAction.bind(null, workspaceId), null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4 p-5" aria-label="Change password">
      {changed && !state ? (
        <Alert tone="success" data-testid="password-changed">
          Password changed. Every other session of your account was signed out.
        </Alert>
      ) : null}
      {state && !state.ok ? (
        <Alert tone="error" data-testid="change-password-error">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 10 characters." error={errors.newPassword} />
      <SubmitButton pending={pending} pendingLabel="Saving…" data-testid="change-password">
        Change password
      </SubmitButton>
    </form>
  );
}
