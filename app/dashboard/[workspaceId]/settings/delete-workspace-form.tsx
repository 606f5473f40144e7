'use client';

import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { deleteWorkspaceAction } from './delete-actions';

/** Owners only (the page shows it to them; the service checks again). Typing the name is the confirmation. */
export function DeleteWorkspaceForm({ workspaceId, name, subscribed }: { workspaceId: string; name: string; subscribed: boolean }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(deleteWorkspaceAction.bind(null, workspaceId), null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4 p-5" aria-label="Delete workspace">
      <p className="text-sm text-stone-700">
        Deletes the workspace and everything in it for good: events, catalog, models, knowledge base, conversations, API keys,
        members and its audit log.{subscribed ? ' The paid subscription is cancelled now; no further invoices are made for it.' : ''} Export the
        data first if you need it.
      </p>
      {state && !state.ok && !errors.confirmName ? (
        <Alert tone="error" data-testid="delete-workspace-error">
          {state.error}
        </Alert>
      ) : null}
      <Field
        label={
          <>
            Type <span className="font-mono">{name}</span> to confirm
          </>
        }
        name="confirmName"
        autoComplete="off"
        required
        error={errors.confirmName}
      />
      <SubmitButton pending={pending} variant="danger" pendingLabel="Deleting…" data-testid="delete-workspace">
        Delete this workspace
      </SubmitButton>
    </form>
  );
}
