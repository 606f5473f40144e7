import { formatDateTime } from '@/app/lib/format';
import type { CaseChange, RunDiff } from '@/services/bot-tests/compare';

const pct = (passed: number, total: number) => (total ? Math.round((passed / total) * 100) : 0);

/** Pass rate per finished run, oldest first, as plain CSS bars (the dashboard uses no chart library). */
export function PassRateChart({ runs }: { runs: { id: string; total: number; passed: number; finishedAt: Date }[] }) {
  if (runs.length < 2) return null;
  return (
    <figure className="mt-4">
      <div className="flex h-24 items-end gap-1 border-b border-l border-stone-200 pl-1" role="img" aria-label={`Pass rate of the last ${runs.length} runs: ${runs.map((r) => `${pct(r.passed, r.total)}%`).join(', ')}`} data-testid="pass-rate-chart">
        {runs.map((r) => (
          <div key={r.id} className="flex h-full max-w-8 flex-1 flex-col justify-end" title={`${formatDateTime(r.finishedAt)}: ${r.passed} of ${r.total} passed`}>
            <div className={`w-full rounded-t-sm ${r.passed === r.total ? 'bg-brand-500' : 'bg-amber-400'}`} style={{ height: `${Math.max(2, pct(r.passed, r.total))}%` }} />
          </div>
        ))}
      </div>
      <figcaption className="mt-1 text-xs text-stone-500">Pass rate per run, oldest first (0–100%).</figcaption>
    </figure>
  );
}

function ChangeList({ label, items, testId }: { label: string; items: CaseChange[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <div data-testid={testId}>
      <p className="text-sm font-medium text-stone-800">{label} ({items.length})</p>
      <ul className="mt-1 list-disc pl-5 text-sm text-stone-600">
        {items.slice(0, 10).map((c) => (
          <li key={c.caseId}>{c.question}</li>
        ))}
        {items.length > 10 ? <li>and {items.length - 10} more</li> : null}
      </ul>
    </div>
  );
}

/** The last finished run: how many passed, and what changed since the run before it. */
export function RunSummary({ run }: { run: { total: number; passed: number; finishedAt: Date | null; diff: RunDiff | null } }) {
  const d = run.diff;
  const changed = d && (d.newlyFailing.length || d.newlyPassing.length || d.answerChanged.length || d.citationsChanged.length || d.added.length);
  return (
    <div className="space-y-3">
      <p className="text-lg font-semibold text-stone-900" data-testid="run-summary">
        Passed {run.passed} of {run.total}
        {run.finishedAt ? <span className="ml-2 text-sm font-normal text-stone-500">{formatDateTime(run.finishedAt)}</span> : null}
      </p>
      {!d ? (
        <p className="text-sm text-stone-600">The first run: the next one will say what changed.</p>
      ) : !changed ? (
        <p className="text-sm text-stone-600" data-testid="run-unchanged">Nothing changed since the previous run.</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <ChangeList label="Newly failing" items={d.newlyFailing} testId="diff-newly-failing" />
          <ChangeList label="Newly passing" items={d.newlyPassing} testId="diff-newly-passing" />
          <ChangeList label="Answer changed" items={d.answerChanged} testId="diff-answer-changed" />
          <ChangeList label="Citations changed" items={d.citationsChanged} testId="diff-citations-changed" />
          <ChangeList label="New tests" items={d.added} testId="diff-added" />
        </div>
      )}
    </div>
  );
}
