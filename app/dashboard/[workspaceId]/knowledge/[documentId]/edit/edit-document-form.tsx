'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { buttonClass, errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { editDocumentAction, type EditState } from '../../actions';

const KIND_LABEL = { markdown: 'Markdown', text: 'plain text', html: 'HTML' } as const;

/** Title and text of a document; saving replaces its passages and indexes it again. */
export function EditDocumentForm(props: {
  workspaceId: string;
  documentId: string;
  kind: keyof typeof KIND_LABEL;
  title: string;
  text: string;
  maxBytes: number;
}) {
  const { state, pending, onSubmit } = useFormAction<EditState>(editDocumentAction.bind(null, props.workspaceId, props.documentId), null);
  const [tooLarge, setTooLarge] = useState(false);
  // Checked here too: a body over the server action limit never reaches the action's own check.
  function submit(e: FormEvent<HTMLFormElement>) {
    const content = new FormData(e.currentTarget).get('content');
    const over = typeof content === 'string' && new Blob([content]).size > props.maxBytes;
    setTooLarge(over);
    if (over) return e.preventDefault();
    onSubmit(e);
  }
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const contentError = tooLarge ? `Text must be at most ${props.maxBytes / 1024} KB here; replace a larger document through the API or upload it again` : errors.content;
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Edit the document">
      {state && !state.ok ? <Alert tone="error" data-testid="kb-edit-error">{state.error}</Alert> : null}
      <div>
        <label htmlFor="kb-edit-title" className={labelClass}>Title</label>
        <input id="kb-edit-title" name="title" defaultValue={props.title} maxLength={300} aria-invalid={errors.title ? true : undefined} className={`${inputClass} mt-1.5`} />
        {errors.title ? <p className={errorTextClass}>{errors.title}</p> : <p className={hintClass}>Leave it empty to take the title from the text.</p>}
      </div>
      <div>
        <label htmlFor="kb-edit-content" className={labelClass}>Text ({KIND_LABEL[props.kind]})</label>
        <textarea
          id="kb-edit-content"
          name="content"
          required
          rows={20}
          defaultValue={props.text}
          aria-invalid={contentError ? true : undefined}
          aria-describedby="kb-edit-content-hint"
          className={`${inputClass} mt-1.5 font-mono`}
        />
        {contentError ? (
          <p id="kb-edit-content-hint" className={errorTextClass}>{contentError}</p>
        ) : (
          <p id="kb-edit-content-hint" className={hintClass}>Saving removes the old passages at once; the chatbot answers from the new text once it is indexed.</p>
        )}
      </div>
      <div className="flex gap-2">
        <SubmitButton pending={pending} pendingLabel="Saving…" data-testid="kb-edit-save">Save and re-index</SubmitButton>
        <Link href={`/dashboard/${props.workspaceId}/knowledge`} className={buttonClass('secondary')}>Cancel</Link>
      </div>
    </form>
  );
}
