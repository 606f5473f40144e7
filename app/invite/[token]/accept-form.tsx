'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/app/lib/session';
import { acceptInvitationAction } from './actions';

export function AcceptForm({ token, workspaceName }: { token: string; workspaceName: string }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(() => acceptInvitationAction(token), null);
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <SubmitButton className="w-full" size="lg" pendingLabel="Joining…" data-testid="accept-invitation">
        Join {workspaceName}
      </SubmitButton>
    </form>
  );
}
