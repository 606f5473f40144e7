'use client';

import { useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { AgentFormState } from '../actions';

type FormAction = (state: AgentFormState, formData: FormData) => Promise<AgentFormState>;

/** A textarea form (reply or note) that empties itself after each successful submission. */
export function TextForm({ action, label, name, submit, placeholder, testId }: { action: FormAction; label: string; name: string; submit: string; placeholder: string; testId: string }) {
  const { state, pending, onSubmit } = useFormAction<AgentFormState>(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const error = state && !state.ok ? (state.fieldErrors?.text ?? state.error) : null;
  const id = `${testId}-text`;
  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-2" data-testid={testId}>
      <label htmlFor={id} className={labelClass}>{label}</label>
      <textarea id={id} name={name} rows={3} maxLength={4000} placeholder={placeholder} className={inputClass} aria-invalid={error ? true : undefined} />
      {error ? <p className={errorTextClass} role="alert">{error}</p> : null}
      <SubmitButton pending={pending} size="sm">{submit}</SubmitButton>
    </form>
  );
}

/** A select that submits on its button (status, assignee). */
export function SelectForm({ action, label, name, value, options, submit, testId }: { action: FormAction; label: string; name: string; value: string; options: { value: string; label: string }[]; submit: string; testId: string }) {
  const { state, pending, onSubmit } = useFormAction<AgentFormState>(action, null);
  const error = state && !state.ok ? (state.fieldErrors?.[name] ?? state.error) : null;
  const id = `${testId}-select`;
  return (
    <form onSubmit={onSubmit} className="space-y-1.5" data-testid={testId}>
      <label htmlFor={id} className={labelClass}>{label}</label>
      <div className="flex gap-2">
        <select id={id} name={name} defaultValue={value} key={value} className={inputClass}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <SubmitButton pending={pending} size="sm" variant="secondary">{submit}</SubmitButton>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </form>
  );
}

/** Re-reads the page every few seconds while it is visible, so visitors' new messages show up. */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
