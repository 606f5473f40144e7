'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { setAbTestAction, type AbState } from './actions';

export function AbTestForm({
  workspaceId,
  versions,
  current,
}: {
  workspaceId: string;
  versions: number[];
  current: { enabled: boolean; versionA: number | null; versionB: number | null; percentB: number };
}) {
  const { state, pending, onSubmit } = useFormAction<AbState>(setAbTestAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="grid grid-cols-1 gap-4 p-5 sm:grid-cols-5 sm:items-end" aria-label="A/B test" data-testid="ab-form">
      <label className="flex items-center gap-2 text-sm font-medium text-stone-800 sm:pb-2">
        <input type="checkbox" name="enabled" defaultChecked={current.enabled} className="size-4" data-testid="ab-enabled" />
        Split traffic
      </label>
      <div>
        <label htmlFor="ab-a" className={labelClass}>Version A</label>
        <select id="ab-a" name="versionA" defaultValue={current.versionA ?? ''} className={`${inputClass} mt-1.5`}>
          <option value="">-</option>
          {versions.map((v) => (
            <option key={v} value={v}>v{v}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="ab-b" className={labelClass}>Version B</label>
        <select id="ab-b" name="versionB" defaultValue={current.versionB ?? ''} className={`${inputClass} mt-1.5`}>
          <option value="">-</option>
          {versions.map((v) => (
            <option key={v} value={v}>v{v}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="ab-pct" className={labelClass}>Users on B (%)</label>
        <input id="ab-pct" name="percentB" type="number" min={0} max={100} defaultValue={current.percentB} className={`${inputClass} mt-1.5`} />
      </div>
      <SubmitButton pending={pending} data-testid="ab-save">Save</SubmitButton>
      {state?.ok ? (
        <Alert tone="success" className="sm:col-span-5">{state.data?.enabled ? 'A/B test running; serving follows within a second.' : 'A/B test off: the active version serves everyone.'}</Alert>
      ) : state ? (
        <Alert tone="error" className="sm:col-span-5">{state.error}</Alert>
      ) : null}
    </form>
  );
}
