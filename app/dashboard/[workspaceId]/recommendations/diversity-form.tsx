'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { setDiversityAction, type DiversityState } from './rules-actions';

/** The workspace's diversity default (a request's maxPerCategory overrides it). */
export function DiversityForm({ workspaceId, current }: { workspaceId: string; current: number | null }) {
  const { state, pending, onSubmit } = useFormAction<DiversityState>(setDiversityAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 border-t border-stone-200 p-5" aria-label="Diversity" data-testid="diversity-form">
      <div>
        <label htmlFor="max-per-category" className={labelClass}>Items per category (at most)</label>
        <input id="max-per-category" name="maxPerCategory" type="number" defaultValue={current ?? ''} placeholder="no cap" className={`${inputClass} mt-1.5 w-40`} />
      </div>
      <SubmitButton pending={pending} variant="secondary" data-testid="diversity-save">Save</SubmitButton>
      {state?.ok ? (
        <Alert tone="success">{state.data?.maxPerCategory ? `At most ${state.data.maxPerCategory} per category in every list.` : 'No cap per category.'}</Alert>
      ) : state ? (
        <Alert tone="error">{state.error}</Alert>
      ) : null}
    </form>
  );
}
