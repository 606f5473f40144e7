'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { EventWeights } from '@/ml/recsys/interactions';
import { updateSettingsAction, type SettingsState } from './actions';

const LABELS: [keyof EventWeights, string][] = [
  ['purchase', 'Purchase'],
  ['add_to_cart', 'Add to cart'],
  ['like', 'Like'],
  ['ratingHigh', 'Rating ≥ 4'],
  ['click', 'Click'],
  ['view', 'View'],
  ['ratingMid', 'Rating 3'],
  ['ratingLow', 'Rating ≤ 2'],
  ['dislike', 'Dislike'],
];

export function SettingsForm({ workspaceId, weights, halfLifeDays, autoTrain }: { workspaceId: string; weights: EventWeights; halfLifeDays: number | null; autoTrain: boolean }) {
  const { state, pending, onSubmit } = useFormAction<SettingsState>(updateSettingsAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Training settings" data-testid="settings-form">
      <div className="grid grid-cols-3 gap-3 sm:grid-cols-5 lg:grid-cols-9">
        {LABELS.map(([k, label]) => (
          <div key={k}>
            <label htmlFor={`w-${k}`} className={labelClass}>{label}</label>
            <input id={`w-${k}`} name={`w.${k}`} type="number" step="0.1" min={-100} max={100} defaultValue={weights[k]} className={`${inputClass} mt-1.5`} />
          </div>
        ))}
      </div>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <div className="sm:w-56">
          <label htmlFor="half-life" className={labelClass}>Time decay half-life (days)</label>
          <input id="half-life" name="halfLifeDays" type="number" min={1} max={3650} step="1" defaultValue={halfLifeDays ?? ''} placeholder="none" className={`${inputClass} mt-1.5`} />
        </div>
        <label className="flex items-center gap-2 text-sm font-medium text-stone-800 sm:pb-2">
          <input type="checkbox" name="autoTrain" defaultChecked={autoTrain} className="size-4" />
          Retrain every hour when new events arrived
        </label>
        <SubmitButton pending={pending} data-testid="settings-save">Save settings</SubmitButton>
      </div>
      {state?.ok ? <Alert tone="success">Saved: the next training run uses these settings.</Alert> : state ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
