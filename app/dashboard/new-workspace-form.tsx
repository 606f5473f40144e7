'use client';

import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { createWorkspaceAction } from './actions';

/** Name + create; the action opens the new workspace. */
export function NewWorkspaceForm({ compact = false }: { compact?: boolean }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult | null>(createWorkspaceAction, null);
  const error = state && !state.ok ? (state.fieldErrors?.['(root)'] ?? state.fieldErrors?.name ?? state.error) : undefined;
  return (
    <form onSubmit={onSubmit} className={compact ? 'space-y-2' : 'space-y-4'}>
      <Field
        id={compact ? 'new-workspace-name-compact' : undefined}
        label="Workspace name"
        name="name"
        required
        maxLength={100}
        placeholder="Acme Inc."
        error={error}
      />
      <SubmitButton pending={pending} size={compact ? 'sm' : 'md'} className="w-full" data-testid="create-workspace">
        Create workspace
      </SubmitButton>
    </form>
  );
}
