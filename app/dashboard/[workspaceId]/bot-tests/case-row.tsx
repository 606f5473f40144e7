import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-dialog';
import { tdClass } from '@/components/ui/styles';
import type { CaseResult } from '@/services/bot-tests/overview';
import { formatCitationTrail } from '@/services/chat/citation-trail';
import { deleteCaseAction } from './actions';
import { CaseForm, type CaseValues } from './case-form';

interface Row extends CaseValues {
  expectedDocumentTitle: string | null;
  source: string;
  last: CaseResult | null;
}

/** What the test expects, in words. */
function Expectation({ c }: { c: Row }) {
  if (c.shouldNotAnswer) return <p className="text-xs text-stone-500">Should say it does not know</p>;
  return (
    <ul className="space-y-0.5 text-xs text-stone-500">
      {c.expectedFacts.map((f, i) => (
        <li key={i}>contains “{f}”</li>
      ))}
      {c.expectedDocumentId ? <li>cites {c.expectedDocumentTitle ?? c.expectedDocumentId}</li> : null}
      {c.expectedFacts.length === 0 && !c.expectedDocumentId ? <li>any answer (add facts to check it)</li> : null}
    </ul>
  );
}

/**
 * One test with its last result. Everything from documents and visitors (question, answer,
 * titles) is rendered as text by React, never as HTML.
 */
export function CaseRow({ workspaceId, c, documents }: { workspaceId: string; c: Row; documents: { id: string; title: string }[] }) {
  const r = c.last;
  return (
    <tr data-testid="bot-test" data-status={r ? (r.passed ? 'pass' : 'fail') : 'not-run'}>
      <td className={`${tdClass} max-w-xs`}>
        <p className="font-medium whitespace-pre-wrap text-stone-900" data-testid="bot-test-question">{c.question}</p>
        <div className="mt-1">
          <Expectation c={c} />
        </div>
        {c.source === 'inbox' ? <Badge className="mt-1">from the inbox</Badge> : null}
      </td>
      <td className={tdClass}>
        {!r ? <Badge>not run</Badge> : r.passed ? <Badge tone="brand">pass</Badge> : <Badge tone="red">fail</Badge>}
        {r && !r.passed ? (
          <ul className="mt-1 space-y-0.5 text-xs text-red-700" data-testid="bot-test-failures">
            {r.failures.map((f, i) => (
              <li key={i}>{f.message}</li>
            ))}
          </ul>
        ) : null}
      </td>
      <td className={`${tdClass} max-w-md`}>
        {r ? (
          <>
            <p className="text-sm whitespace-pre-wrap text-stone-800" data-testid="bot-test-answer">{r.answer}</p>
            {r.citations.length ? (
              <ul className="mt-1 space-y-0.5 text-xs text-stone-500" data-testid="bot-test-citations">
                {r.citations.map((x, i) => (
                  <li key={i}>[{i + 1}] {formatCitationTrail(x.title, x.heading)}</li>
                ))}
              </ul>
            ) : null}
            <p className="mt-1 text-xs text-stone-400 tabular-nums">relevance {r.relevance.toFixed(2)} · {r.latencyMs} ms</p>
          </>
        ) : (
          <span className="text-stone-400">—</span>
        )}
      </td>
      <td className={`${tdClass} whitespace-nowrap`}>
        <details className="group">
          <summary className="cursor-pointer text-sm text-brand-700" data-testid="bot-test-edit">Edit</summary>
          <div className="mt-2 w-80">
            <CaseForm workspaceId={workspaceId} documents={documents} initial={c} />
          </div>
        </details>
        <div className="mt-2">
          <ConfirmAction
            action={deleteCaseAction.bind(null, workspaceId, c.id)}
            trigger="Delete"
            triggerLabel={`Delete the test “${c.question.slice(0, 60)}”`}
            triggerTestId="bot-test-delete"
            confirmTestId="bot-test-confirm-delete"
            title="Delete this test?"
            confirmLabel="Delete test"
          >
            Its results stay in the history of past runs.
          </ConfirmAction>
        </div>
      </td>
    </tr>
  );
}
