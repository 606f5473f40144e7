'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import { runAllAction, type RunState } from './actions';

/** "Run all": queues a run; the page then refreshes itself until it is done. */
export function RunButton({ workspaceId, disabled }: { workspaceId: string; disabled: boolean }) {
  const { state, pending, onSubmit } = useFormAction<RunState>(() => runAllAction(workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="flex flex-col items-end gap-2">
      <SubmitButton pending={pending} disabled={disabled} pendingLabel="Starting…" data-testid="run-all">Run all</SubmitButton>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
