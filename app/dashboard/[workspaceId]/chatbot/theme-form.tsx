'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { WidgetSettings } from '@/services/chat/widget-settings';
import { saveThemeAction, type ThemeState } from './actions';

export function ThemeForm({ workspaceId, settings, disabled }: { workspaceId: string; settings: WidgetSettings; disabled: boolean }) {
  const { state, pending, onSubmit } = useFormAction<ThemeState>(saveThemeAction.bind(null, workspaceId), null);
  const [color, setColor] = useState(settings.color);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="grid gap-4 p-5 sm:grid-cols-2" aria-label="Widget theme">
      {state?.ok ? <Alert tone="success" className="sm:col-span-2" data-testid="theme-saved">Saved. Widgets show it from their next page load.</Alert> : null}
      {state && !state.ok ? <Alert tone="error" className="sm:col-span-2">{state.error}</Alert> : null}
      <div>
        <label htmlFor="w-title" className={labelClass}>Title</label>
        <input id="w-title" name="title" defaultValue={settings.title} maxLength={60} required disabled={disabled} className={`${inputClass} mt-1.5`} aria-invalid={errors.title ? true : undefined} />
        {errors.title ? <p className={errorTextClass}>{errors.title}</p> : null}
      </div>
      <div>
        <label htmlFor="w-color" className={labelClass}>Colour</label>
        <div className="mt-1.5 flex gap-2">
          <input id="w-color" name="color" type="color" value={color} onChange={(e) => setColor(e.target.value)} disabled={disabled} className="h-9 w-12 cursor-pointer rounded border border-stone-300 bg-white p-1" />
          <input aria-label="Colour (hex)" value={color} onChange={(e) => setColor(e.target.value)} disabled={disabled} pattern="#[0-9a-fA-F]{6}" className={`${inputClass} font-mono`} />
        </div>
        {errors.color ? <p className={errorTextClass}>{errors.color}</p> : null}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor="w-greeting" className={labelClass}>Greeting</label>
        <textarea id="w-greeting" name="greeting" defaultValue={settings.greeting} maxLength={300} rows={2} required disabled={disabled} className={`${inputClass} mt-1.5`} />
      </div>
      <fieldset>
        <legend className={labelClass}>Position</legend>
        <div className="mt-2 flex gap-4 text-sm text-stone-700">
          {(['right', 'left'] as const).map((p) => (
            <label key={p} className="flex items-center gap-2">
              <input type="radio" name="position" value={p} defaultChecked={settings.position === p} disabled={disabled} /> Bottom {p}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex items-end justify-end">
        <SubmitButton pending={pending} disabled={disabled} data-testid="save-theme">Save theme</SubmitButton>
      </div>
    </form>
  );
}
