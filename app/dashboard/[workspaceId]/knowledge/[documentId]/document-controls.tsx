'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import type { DocumentActionState } from './actions';

type BoundAction = (state: DocumentActionState, formData: FormData) => Promise<DocumentActionState>;

function Outcome({ state, testId }: { state: DocumentActionState; testId: string }) {
  if (!state) return null;
  return state.ok ? (
    <Alert tone="success" data-testid={`${testId}-done`}>{state.data?.message}</Alert>
  ) : (
    <Alert tone="error" data-testid={`${testId}-error`}>{state.error}</Alert>
  );
}

/** One button that runs a document action (re-fetch, make private or public) and says how it went. */
export function DocumentActionButton(props: { action: BoundAction; label: string; pendingLabel: string; testId: string; hidden?: Record<string, string> }) {
  const { state, pending, onSubmit } = useFormAction<DocumentActionState>(props.action, null);
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant="secondary" size="sm" pending={pending} pendingLabel={props.pendingLabel} data-testid={props.testId}>{props.label}</SubmitButton>
      <Outcome state={state} testId={props.testId} />
    </form>
  );
}

/**
 * Edit in place: the title and the text of a Markdown, text or HTML document, or Q&A pairs as
 * "Q: / A:" blocks. Saving removes the old passages at once and indexes the document again.
 */
export function DocumentEditor(props: { action: BoundAction; mode: 'text' | 'qa'; title: string; body: string }) {
  const { state, pending, onSubmit } = useFormAction<DocumentActionState>(props.action, null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const name = props.mode === 'qa' ? 'pairs' : 'content';
  const bodyError = errors[name];
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Edit the document">
      <Outcome state={state} testId="kb-doc-save" />
      <div>
        <label htmlFor="kb-doc-title" className={labelClass}>Title</label>
        <input id="kb-doc-title" name="title" defaultValue={props.title} maxLength={300} aria-invalid={errors.title ? true : undefined} className={`${inputClass} mt-1.5`} />
        {errors.title ? <p className={errorTextClass}>{errors.title}</p> : <p className={hintClass}>Leave it empty to take the title from the text.</p>}
      </div>
      <div>
        <label htmlFor="kb-doc-body" className={labelClass}>{props.mode === 'qa' ? 'Questions and answers' : 'Text'}</label>
        <textarea
          id="kb-doc-body"
          name={name}
          rows={props.mode === 'qa' ? 14 : 18}
          defaultValue={props.body}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby="kb-doc-body-hint"
          className={`${inputClass} mt-1.5 font-mono`}
          data-testid="kb-doc-body"
        />
        <p id="kb-doc-body-hint" className={bodyError ? errorTextClass : hintClass}>
          {bodyError ?? (props.mode === 'qa' ? 'One pair per block: a line starting “Q:”, then a line starting “A:”. ' : '') + 'Saving removes the old passages at once; the chatbot answers from the new text once it is indexed.'}
        </p>
      </div>
      <SubmitButton pending={pending} pendingLabel="Saving…" data-testid="kb-doc-save">Save and re-index</SubmitButton>
    </form>
  );
}
