'use client';

import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction, useLastSuccess } from '@/components/forms/use-form-action';
import { saveWebhookAction, type WebhookState } from './actions';

/** The webhook URL; a new signing secret is shown here once, right after it is made. */
export function WebhookForm({ workspaceId, url, secretSet, disabled }: { workspaceId: string; url: string | null; secretSet: boolean; disabled: boolean }) {
  const { state, pending, onSubmit } = useFormAction<WebhookState>(saveWebhookAction.bind(null, workspaceId), null);
  const last = useLastSuccess(state);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Webhook">
      {state && !state.ok ? <Alert tone="error" data-testid="webhook-error">{state.error}</Alert> : null}
      {state?.ok ? <Alert tone="success">{state.data?.url ? 'Saved.' : 'Webhook removed.'}</Alert> : null}
      {last?.newSecret ? (
        <Alert tone="warning" title="Signing secret: copy it now, it is not shown again" data-testid="webhook-secret">
          <code className="font-mono break-all">{last.newSecret}</code> <CopyButton value={last.newSecret} />
        </Alert>
      ) : null}
      <Field label="Webhook URL" name="url" type="url" defaultValue={url ?? ''} maxLength={500} placeholder="https://example.com/hooks/cairn" hint="Empty: no webhook. Public addresses only." disabled={disabled} error={errors.url} />
      <p className="text-xs text-stone-500" data-testid="webhook-secret-status">Signing secret: {secretSet ? 'set (shown once when made)' : 'made when you save a URL'}.</p>
      <div className="flex gap-2">
        <SubmitButton pending={pending} disabled={disabled} name="intent" value="save">Save</SubmitButton>
        {secretSet ? <SubmitButton pending={pending} disabled={disabled} variant="secondary" name="intent" value="rotate">New secret</SubmitButton> : null}
      </div>
    </form>
  );
}
