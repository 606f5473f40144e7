'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { buttonClass } from '@/components/ui/styles';
import { useFormAction, useLastSuccess } from '@/components/forms/use-form-action';
import { createApiKeyAction, type CreateKeyState } from './actions';
import { KeyTypeAndScopes } from './key-type-and-scopes';

/** The create form, and the new key shown once after it was created. */
export function CreateKeyForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<CreateKeyState>(createApiKeyAction.bind(null, workspaceId), null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = useLastSuccess(state);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <div className="space-y-6">
      {created && created.id !== dismissed ? (
        <div className="rounded-xl border-2 border-amber-300 bg-amber-50 p-5 shadow-sm" role="status" data-testid="new-key-panel">
          <h3 className="text-base font-semibold text-amber-950">Your new {created.type} key “{created.name}”</h3>
          <p className="mt-1 text-sm text-amber-900">
            Copy it now and store it somewhere safe. <strong>It won’t be shown again</strong>: Cairn keeps only a hash of it.
          </p>
          <div className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              className="block min-w-0 flex-1 overflow-x-auto rounded-lg border border-amber-200 bg-white px-3 py-2 font-mono text-sm whitespace-nowrap text-stone-900 select-all"
              data-testid="new-key-secret"
            >
              {created.key}
            </code>
            <div className="flex gap-2">
              <CopyButton value={created.key} label="Copy key" variant="primary" data-testid="copy-new-key" />
              <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setDismissed(created.id)}>
                I’ve saved it
              </button>
            </div>
          </div>
        </div>
      ) : null}

      <form onSubmit={onSubmit} className="space-y-5 p-5" aria-label="Create an API key" data-testid="create-key-form">
        {state && !state.ok ? <Alert tone="error">{Object.keys(errors).length > 0 ? 'Please fix the fields below.' : state.error}</Alert> : null}
        {/* Remounted after each created key, which resets the fields. */}
        <div key={created?.id ?? 'new'} className="space-y-5">
          <Field label="Name" name="name" required maxLength={100} placeholder="Production backend" error={errors.name} className="max-w-md" />
          <KeyTypeAndScopes errors={errors} />
        </div>
        <SubmitButton pending={pending} data-testid="create-key" pendingLabel="Creating…">
          Create key
        </SubmitButton>
      </form>
    </div>
  );
}
