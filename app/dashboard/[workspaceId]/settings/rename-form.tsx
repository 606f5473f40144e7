'use client';

import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { renameWorkspaceAction } from './actions';

export function RenameForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<{ name: string }> | null>(renameWorkspaceAction.bind(null, workspaceId), null);
  const error = state && !state.ok ? (state.fieldErrors?.['(root)'] ?? state.fieldErrors?.name ?? state.error) : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Rename workspace">
      {state?.ok ? <Alert tone="success">Workspace renamed to “{state.data?.name}”.</Alert> : null}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field label="Workspace name" name="name" defaultValue={name} required maxLength={100} error={error} className="max-w-md flex-1" />
        <SubmitButton pending={pending} className="sm:mt-7" data-testid="rename-workspace">
          Save
        </SubmitButton>
      </div>
    </form>
  );
}
