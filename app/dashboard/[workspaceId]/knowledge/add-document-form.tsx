'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { addQaAction, addTextAction, addUrlAction, type AddState } from './actions';

const TABS = [
  { id: 'file', label: 'Upload a file' },
  { id: 'url', label: 'From a URL' },
  { id: 'qa', label: 'Q&A pairs' },
  { id: 'text', label: 'Write text' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function Result({ state }: { state: AddState }) {
  if (!state) return null;
  return state.ok ? (
    <Alert tone="success" data-testid="kb-added">“{state.data?.title}” was added and is being indexed.</Alert>
  ) : (
    <Alert tone="error" data-testid="kb-error">{state.error}</Alert>
  );
}

function UploadForm({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<AddState>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setState({ ok: false, error: 'Choose a file first.' });
    setPending(true);
    try {
      const res = await fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/knowledge?filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      });
      const body = (await res.json().catch(() => null)) as { title?: string; error?: { message: string } } | null;
      setState(res.ok ? { ok: true, data: { title: body?.title ?? file.name } } : { ok: false, error: body?.error?.message ?? `Upload failed (HTTP ${res.status})` });
      if (res.ok && input.current) input.current.value = '';
      router.refresh();
    } catch {
      setState({ ok: false, error: 'The upload failed; check your connection and try again.' });
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Upload a document">
      <Result state={state} />
      <div>
        <label htmlFor="kb-file" className={labelClass}>File</label>
        <input id="kb-file" ref={input} type="file" accept=".md,.markdown,.txt,.html,.htm,.pdf,text/markdown,text/plain,text/html,application/pdf" className={`${inputClass} mt-1.5`} />
        <p className={hintClass}>Markdown, plain text, HTML or PDF, up to 10 MB. Headings become the sections answers cite.</p>
      </div>
      <SubmitButton pending={pending} pendingLabel="Uploading…" data-testid="kb-upload">Upload</SubmitButton>
    </form>
  );
}

function UrlForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<AddState>(addUrlAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Add a web page">
      <Result state={state} />
      <div>
        <label htmlFor="kb-url" className={labelClass}>Page URL</label>
        <input id="kb-url" name="url" type="url" required placeholder="https://shop.example/help/shipping" className={`${inputClass} mt-1.5`} />
        <p className={hintClass}>The page is fetched once (HTML, Markdown, text or PDF); its readable text is indexed and citations link back to it.</p>
      </div>
      <SubmitButton pending={pending} data-testid="kb-add-url">Add page</SubmitButton>
    </form>
  );
}

function QaForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<AddState>(addQaAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Add questions and answers">
      <Result state={state} />
      <div>
        <label htmlFor="kb-qa-title" className={labelClass}>Title <span className="font-normal text-stone-500">(optional)</span></label>
        <input id="kb-qa-title" name="title" maxLength={300} className={`${inputClass} mt-1.5`} />
      </div>
      <div>
        <label htmlFor="kb-pairs" className={labelClass}>Questions and answers</label>
        <textarea id="kb-pairs" name="pairs" required rows={6} className={`${inputClass} mt-1.5 font-mono`} placeholder={'Q: Do you offer gift wrapping?\nA: Yes, for 3 euros per parcel.\n\nQ: ...\nA: ...'} />
        <p className={hintClass}>One “Q:” line and one “A:” line per pair. When a question matches, the bot gives your answer as written.</p>
      </div>
      <SubmitButton pending={pending} data-testid="kb-add-qa">Add pairs</SubmitButton>
    </form>
  );
}

function TextForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<AddState>(addTextAction.bind(null, workspaceId), null);
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Write a document">
      <Result state={state} />
      <div>
        <label htmlFor="kb-text-title" className={labelClass}>Title <span className="font-normal text-stone-500">(optional)</span></label>
        <input id="kb-text-title" name="title" maxLength={300} className={`${inputClass} mt-1.5`} />
      </div>
      <div>
        <label htmlFor="kb-content" className={labelClass}>Content (Markdown)</label>
        <textarea id="kb-content" name="content" required rows={8} className={`${inputClass} mt-1.5 font-mono`} placeholder={'## Opening hours\n\nWe are open Monday to Saturday, 10 am to 7 pm.'} />
      </div>
      <SubmitButton pending={pending} data-testid="kb-add-text">Add document</SubmitButton>
    </form>
  );
}

/** Adds documents: a file, a URL, Q&A pairs or typed text, in tabs. */
export function AddDocumentForm({ workspaceId }: { workspaceId: string }) {
  const [tab, setTab] = useState<Tab>('file');
  return (
    <div>
      <div role="tablist" aria-label="How to add" className="flex gap-1 overflow-x-auto border-b border-stone-200 px-5">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`kb-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="kb-tab-panel"
            onClick={() => setTab(t.id)}
            className={`-mb-px border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-brand-600 ${
              tab === t.id ? 'border-brand-600 text-brand-700' : 'border-transparent text-stone-600 hover:text-stone-900'
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="kb-tab-panel" role="tabpanel" aria-labelledby={`kb-tab-${tab}`} className="max-w-2xl p-5">
        {tab === 'file' ? <UploadForm workspaceId={workspaceId} /> : tab === 'url' ? <UrlForm workspaceId={workspaceId} /> : tab === 'qa' ? <QaForm workspaceId={workspaceId} /> : <TextForm workspaceId={workspaceId} />}
      </div>
    </div>
  );
}
