'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { resendVerificationAction, type ResendState } from './actions';

/** Shown while REQUIRE_EMAIL_VERIFICATION holds the user back from creating keys. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action] = useActionState<ResendState, FormData>(resendVerificationAction, null);
  return (
    <Alert tone="warning" title="Verify your email address to create API keys" data-testid="verify-email-banner">
      <p>
        We sent a link to {email}. Follow it to verify the address; the link works once, for 24 hours. No email? Send a new
        link.
      </p>
      <form action={action} className="mt-3 flex flex-wrap items-center gap-3">
        <SubmitButton variant="secondary" size="sm" pendingLabel="Sending…" data-testid="resend-verification">
          Resend verification email
        </SubmitButton>
        {state ? (
          <span role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-stone-700' : 'font-medium text-red-700'}>
            {state.ok ? state.data : state.error}
          </span>
        ) : null}
      </form>
    </Alert>
  );
}
