'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { saveSitesAction, type SitesState } from './actions';

/** The sites (origins) allowed to embed the widget; creates the widget key the first time. */
export function SitesForm({ workspaceId, origins, dashboardOrigin, hasKey, disabled }: { workspaceId: string; origins: string[]; dashboardOrigin: string; hasKey: boolean; disabled: boolean }) {
  const { state, pending, onSubmit } = useFormAction<SitesState>(saveSitesAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="space-y-3 p-5" aria-label="Allowed sites">
      {state?.ok ? <Alert tone="success" data-testid="sites-saved">Saved: the widget works on {state.data?.allowedOrigins.join(', ')}.</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <div>
        <label htmlFor="w-origins" className={labelClass}>Your sites</label>
        <textarea id="w-origins" name="origins" rows={3} defaultValue={origins.filter((o) => o !== dashboardOrigin).join('\n')} placeholder="https://shop.example.com" disabled={disabled} className={`${inputClass} mt-1.5 font-mono`} />
        <p className={hintClass}>One origin per line (scheme, host and port, no path). The widget key refuses every other site. This dashboard ({dashboardOrigin}) is always allowed, for the preview.</p>
      </div>
      <SubmitButton pending={pending} disabled={disabled} data-testid="save-sites">{hasKey ? 'Save sites' : 'Create the widget key'}</SubmitButton>
    </form>
  );
}
