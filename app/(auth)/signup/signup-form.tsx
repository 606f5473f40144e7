'use client';

import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { linkClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { signUpAction } from '../actions';

export function SignUpForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(signUpAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state && !state.ok ? (
        <Alert tone="error" data-testid="form-error">
          {state.error}
        </Alert>
      ) : null}
      <Field label="Your name" name="name" autoComplete="name" required maxLength={100} error={errors.name} autoFocus />
      <Field label="Work email" name="email" type="email" autoComplete="email" required defaultValue={email} error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={errors.password}
      />
      <Field
        label={
          <>
            Workspace name <span className="font-normal text-stone-500">(optional)</span>
          </>
        }
        name="workspaceName"
        maxLength={100}
        placeholder="Acme Inc."
        hint="You can rename it later."
        error={errors.workspaceName}
      />
      <SubmitButton pending={pending} className="w-full" pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-stone-600">
        Already have an account?{' '}
        <Link href={`/signin?${new URLSearchParams({ callbackUrl })}`} className={linkClass}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
