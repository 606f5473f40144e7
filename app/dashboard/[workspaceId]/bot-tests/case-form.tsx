'use client';

import { useEffect, useRef } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { saveCaseAction, type CaseState } from './actions';

export interface CaseValues {
  id: string;
  question: string;
  expectedFacts: string[];
  expectedDocumentId: string | null;
  shouldNotAnswer: boolean;
}

/** Add a test (no `initial`) or edit one. Facts are one per line. */
export function CaseForm({ workspaceId, documents, initial }: { workspaceId: string; documents: { id: string; title: string }[]; initial?: CaseValues }) {
  const { state, pending, onSubmit } = useFormAction<CaseState>(saveCaseAction.bind(null, workspaceId, initial?.id ?? null), null);
  const p = initial ? `edit-${initial.id}` : 'new';
  // The add form empties after a test is added (the edit form keeps the saved values).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && !initial) form.current?.reset();
  }, [state, initial]);
  const err = state && !state.ok ? state.fieldErrors ?? {} : {};
  // A document deleted since the test was written stays selectable, so saving keeps the expectation.
  const missing = initial?.expectedDocumentId && !documents.some((d) => d.id === initial.expectedDocumentId);
  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-3" aria-label={initial ? 'Edit test' : 'Add a test'}>
      {state?.ok && !initial ? <Alert tone="success" data-testid="case-saved">Added: {state.data?.question}</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <div>
        <label htmlFor={`${p}-question`} className={labelClass}>Question</label>
        <textarea id={`${p}-question`} name="question" rows={2} maxLength={1000} required defaultValue={initial?.question} className={`${inputClass} mt-1.5`} placeholder="How long does delivery take?" />
        {err.question ? <p className={errorTextClass}>{err.question}</p> : null}
      </div>
      <div>
        <label htmlFor={`${p}-facts`} className={labelClass}>Expected facts</label>
        <textarea id={`${p}-facts`} name="facts" rows={3} defaultValue={initial?.expectedFacts.join('\n')} className={`${inputClass} mt-1.5`} placeholder={'2 to 4 working days\n4.95 euros'} />
        <p className={hintClass}>One per line (at most 20, 200 characters each): phrases the answer must contain, in any case.</p>
        {err.expectedFacts ? <p className={errorTextClass}>{err.expectedFacts}</p> : null}
      </div>
      <div>
        <label htmlFor={`${p}-doc`} className={labelClass}>Article it must cite</label>
        <select id={`${p}-doc`} name="expectedDocumentId" defaultValue={initial?.expectedDocumentId ?? ''} className={`${inputClass} mt-1.5`}>
          <option value="">Any</option>
          {missing ? <option value={initial.expectedDocumentId!}>(deleted document)</option> : null}
          {documents.map((d) => (
            <option key={d.id} value={d.id}>{d.title}</option>
          ))}
        </select>
        {err.expectedDocumentId ? <p className={errorTextClass}>{err.expectedDocumentId}</p> : null}
      </div>
      <label className="flex items-start gap-2 text-sm text-stone-700">
        <input type="checkbox" name="shouldNotAnswer" defaultChecked={initial?.shouldNotAnswer} className="mt-0.5" />
        <span>
          The bot should not answer this (off-topic): it passes when the bot says it does not know.
          {err.shouldNotAnswer ? <span className={`${errorTextClass} block`}>{err.shouldNotAnswer}</span> : null}
        </span>
      </label>
      <SubmitButton pending={pending} data-testid={initial ? 'case-update' : 'case-add'}>{initial ? 'Save test' : 'Add test'}</SubmitButton>
    </form>
  );
}
