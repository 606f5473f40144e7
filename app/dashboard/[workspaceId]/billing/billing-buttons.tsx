'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/app/lib/session';
import { openPortalAction, startCheckoutAction } from './actions';

/** "Upgrade to <plan>": a server action that sends the browser to Stripe Checkout. */
export function UpgradeButton({ workspaceId, plan, label, variant = 'primary' }: { workspaceId: string; plan: string; label: string; variant?: 'primary' | 'secondary' }) {
  const [state, action, pending] = useActionState<ActionResult | null>(startCheckoutAction.bind(null, workspaceId, plan), null);
  return (
    <form action={action} className="space-y-2">
      <SubmitButton pending={pending} variant={variant} data-testid={`upgrade-${plan}`}>
        {label}
      </SubmitButton>
      {state && !state.ok ? (
        <Alert tone="error" data-testid="billing-action-error">
          {state.error}
        </Alert>
      ) : null}
    </form>
  );
}

/** "Manage billing": Stripe's Customer Portal. */
export function ManageButton({ workspaceId }: { workspaceId: string }) {
  const [state, action, pending] = useActionState<ActionResult | null>(openPortalAction.bind(null, workspaceId), null);
  return (
    <form action={action} className="space-y-2">
      <SubmitButton pending={pending} variant="secondary" data-testid="manage-billing">
        Manage billing
      </SubmitButton>
      {state && !state.ok ? (
        <Alert tone="error" data-testid="billing-action-error">
          {state.error}
        </Alert>
      ) : null}
    </form>
  );
}
