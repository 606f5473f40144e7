'use client';

import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, inputClass, labelClass, linkClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { formatCitationTrail } from '@/services/chat/citation-trail';
import { tryQuestionAction, type TryState } from './actions';

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Asks the knowledge base a question as the chatbot would and shows what it found, with scores. */
export function TryQuestionBox({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<TryState>(tryQuestionAction.bind(null, workspaceId), null);
  const result = state?.ok ? state.data : undefined;
  const questionError = state && !state.ok ? state.fieldErrors?.question : undefined;
  return (
    <div className="space-y-4 p-5">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" aria-label="Try a question">
        <div className="min-w-64 flex-1">
          <label htmlFor="kb-try-question" className={labelClass}>Question</label>
          <input id="kb-try-question" name="question" maxLength={1000} placeholder="How much does express delivery cost?" aria-invalid={questionError ? true : undefined} className={`${inputClass} mt-1.5`} data-testid="kb-try-input" />
        </div>
        <SubmitButton pending={pending} pendingLabel="Searching…" data-testid="kb-try-submit">Try it</SubmitButton>
      </form>
      {questionError ? <p className={errorTextClass} data-testid="kb-try-error">{questionError}</p> : state && !state.ok ? <Alert tone="error" data-testid="kb-try-error">{state.error}</Alert> : null}
      {result ? (
        <div className="space-y-3" data-testid="kb-try-result" data-answered={result.answered}>
          <Alert tone={result.answered ? 'success' : 'warning'} data-testid="kb-try-verdict">
            {result.answered
              ? `The bot would answer (best passage ${percent(result.passages[0]?.relevance ?? 0)}, threshold ${percent(result.threshold)}).`
              : `The bot would say it does not know and offer a person (best passage ${percent(result.passages[0]?.relevance ?? 0)}, below the ${percent(result.threshold)} threshold).`}
          </Alert>
          {result.semantic ? null : <Alert tone="info">The embedding model is not available here: this search used full-text matching only, so scores can be lower than the bot&rsquo;s.</Alert>}
          {result.answered ? <p className="rounded-lg bg-stone-50 p-3 text-sm whitespace-pre-line text-stone-800" data-testid="kb-try-answer">{result.answer}</p> : null}
          {result.passages.length === 0 ? (
            <p className="text-sm text-stone-500">No passage matched.</p>
          ) : (
            <ol className="divide-y divide-stone-200 rounded-lg border border-stone-200">
              {result.passages.map((p) => (
                <li key={`${p.documentId}:${p.idx}`} className="p-3 text-sm" data-testid="kb-try-passage">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={p.relevance >= result.threshold ? 'brand' : 'neutral'}>
                      <span data-testid="kb-try-relevance">{percent(p.relevance)}</span>
                    </Badge>
                    <Link href={`/dashboard/${workspaceId}/knowledge/${encodeURIComponent(p.documentId)}#c${p.idx}`} className={linkClass}>
                      {formatCitationTrail(p.documentTitle, p.heading)}
                    </Link>
                    <span className="text-xs text-stone-500">#{p.idx}</span>
                    {p.documentPrivate ? <Badge tone="neutral">Private</Badge> : null}
                  </div>
                  <p className="mt-1 line-clamp-3 text-stone-700">{p.text}</p>
                  <p className="mt-1 text-xs text-stone-500">
                    Terms covered {percent(p.coverage)} · similarity {p.cosine.toFixed(2)} · full-text {p.bm25 === null ? '–' : p.bm25.toFixed(2)}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </div>
  );
}
