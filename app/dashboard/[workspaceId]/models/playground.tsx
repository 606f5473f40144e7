'use client';

import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/forms/use-form-action';
import type { ActionResult } from '@/app/lib/session';
import { compareTextsAction, similarItemsAction, trySentimentAction, type CompareData, type SentimentData, type SimilarData } from './actions';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const BAR = { negative: 'bg-red-500', neutral: 'bg-stone-400', positive: 'bg-emerald-500' } as const;

function errorOf<T>(state: ActionResult<T> | null, field: string) {
  return state && !state.ok ? (state.fieldErrors?.[field] ?? state.error) : undefined;
}

export function SentimentPlayground({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<SentimentData> | null>(trySentimentAction.bind(null, workspaceId), null);
  const r = state?.ok ? state.data : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Try sentiment">
      <Field label="Text" name="text" placeholder="The delivery was late, but the shoes are great." required maxLength={5000} error={errorOf(state, 'text')} data-testid="sentiment-text" />
      <SubmitButton pending={pending} data-testid="sentiment-submit">Score sentiment</SubmitButton>
      {r ? (
        <div data-testid="sentiment-result" className="space-y-2">
          <p className="text-sm text-stone-700">
            Label: <span className="font-semibold text-stone-900" data-testid="sentiment-label">{r.label}</span> ({pct(r.score)})
          </p>
          {(['negative', 'neutral', 'positive'] as const).map((c) => (
            <div key={c} className="flex items-center gap-3 text-sm">
              <span className="w-20 text-stone-600">{c}</span>
              <span className="h-2 flex-1 rounded bg-stone-100" aria-hidden="true">
                <span className={`block h-2 rounded ${BAR[c]}`} style={{ width: pct(r.scores[c]) }} />
              </span>
              <span className="w-14 text-right tabular-nums text-stone-800" data-testid={`sentiment-${c}`}>{pct(r.scores[c])}</span>
            </div>
          ))}
        </div>
      ) : null}
    </form>
  );
}

export function SimilarityPlayground({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<CompareData> | null>(compareTextsAction.bind(null, workspaceId), null);
  const r = state?.ok ? state.data : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Compare two texts">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First text" name="a" placeholder="Waterproof hiking jacket" required maxLength={5000} error={errorOf(state, 'a')} data-testid="similarity-a" />
        <Field label="Second text" name="b" placeholder="Rain coat for trekking" required maxLength={5000} error={errorOf(state, 'b')} data-testid="similarity-b" />
      </div>
      <SubmitButton pending={pending} data-testid="similarity-submit">Compare</SubmitButton>
      {r ? (
        <p className="text-sm text-stone-700" data-testid="similarity-result">
          Cosine similarity:{' '}
          <span className="font-semibold text-stone-900 tabular-nums" data-testid="similarity-value">
            {r.similarity === null ? 'no known word in one of the texts' : r.similarity.toFixed(3)}
          </span>{' '}
          (1 = same meaning, around 0.5 = unrelated for this model)
        </p>
      ) : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}

export function SimilarItemsPlayground({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<SimilarData> | null>(similarItemsAction.bind(null, workspaceId), null);
  const r = state?.ok ? state.data : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4 p-5" aria-label="Similar catalog items">
      <Field label="Item id" name="itemId" placeholder="sku-1" required maxLength={200} error={errorOf(state, 'itemId')} data-testid="similar-item-id" />
      <SubmitButton pending={pending} data-testid="similar-submit">Find similar items</SubmitButton>
      {r ? (
        <div data-testid="similar-result" className="space-y-2 text-sm">
          <p className="text-stone-700">
            Items most similar to <span className="font-semibold text-stone-900">{r.item.title ?? r.item.id}</span>:
          </p>
          {!r.embedded ? <p className="text-stone-600">This item has no embedding yet; the worker computes it shortly after an item is stored.</p> : null}
          <ol className="list-decimal space-y-1 pl-5">
            {r.similar.map((s) => (
              <li key={s.itemId} data-testid="similar-row">
                <span className="text-stone-900">{s.title ?? s.itemId}</span> <code className="text-xs text-stone-500">{s.itemId}</code>{' '}
                <span className="tabular-nums text-stone-600">{s.score.toFixed(3)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </form>
  );
}
