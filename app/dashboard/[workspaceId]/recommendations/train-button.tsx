'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import { trainAction, type TrainState } from './actions';

export function TrainButton({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<TrainState>(trainAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="flex flex-col items-end gap-2" aria-label="Train the recommender">
      <SubmitButton pending={pending} pendingLabel="Queuing…" data-testid="train-model">
        Train now
      </SubmitButton>
      {state?.ok ? (
        <Alert tone="success" data-testid="train-queued">
          Version {state.data?.version} {state.data?.created ? 'queued' : 'is already queued'}; the worker trains it in a moment (reload to follow it).
        </Alert>
      ) : state ? (
        <Alert tone="error">{state.error}</Alert>
      ) : null}
    </form>
  );
}
