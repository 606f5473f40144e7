'use client';

import { useState } from 'react';
import { hintClass, labelClass } from '@/components/ui/styles';
import { countAtThreshold, type PreviewQuestion } from '@/services/bot-tests/threshold-counts';

export interface ThresholdPreviewProps {
  questions: PreviewQuestion[];
  notMeasured: number;
  /** When the relevances were measured (the latest finished test run), formatted on the server; null: never. */
  measuredAt: string | null;
}

/**
 * The relevance threshold: the deployment's default or the workspace's own (0.2..0.9), with its
 * effect on the workspace's test questions counted live as the slider moves.
 */
export function ThresholdField({
  value,
  defaultValue,
  min,
  max,
  error,
  disabled,
  preview,
}: {
  value: number | null;
  defaultValue: number;
  min: number;
  max: number;
  error?: string;
  disabled: boolean;
  preview: ThresholdPreviewProps;
}) {
  const [custom, setCustom] = useState(value !== null);
  const [threshold, setThreshold] = useState(value ?? Math.min(max, Math.max(min, defaultValue)));
  const effective = custom ? threshold : defaultValue;
  const counts = countAtThreshold(preview.questions, effective);
  const total = preview.questions.length;
  return (
    <div className="space-y-4 p-5">
      <fieldset>
        <legend className={labelClass}>Which threshold</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm text-stone-700">
          <label className="flex items-center gap-2">
            <input type="radio" name="thresholdMode" value="default" checked={!custom} onChange={() => setCustom(false)} disabled={disabled} /> Default ({defaultValue.toFixed(2)})
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="thresholdMode" value="custom" checked={custom} onChange={() => setCustom(true)} disabled={disabled} data-testid="threshold-custom" /> This workspace&apos;s own
          </label>
        </div>
      </fieldset>
      <div className={custom ? '' : 'opacity-50'}>
        <label htmlFor="bot-threshold" className={labelClass}>
          Answer only from passages at least this relevant: <output data-testid="threshold-value">{threshold.toFixed(2)}</output>
        </label>
        <input
          id="bot-threshold"
          name="minRelevance"
          type="range"
          min={min}
          max={max}
          step={0.01}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          disabled={disabled || !custom}
          className="mt-2 w-full accent-brand-600"
          aria-invalid={error ? true : undefined}
        />
        <p className={hintClass}>Higher: fewer answers, fewer wrong ones; lower: more answers, and more &quot;don&apos;t know&quot; turned into guesses.</p>
        {error ? <p className="mt-1 text-xs font-medium text-red-700">{error}</p> : null}
      </div>
      <div className="rounded-lg border border-stone-200 bg-stone-50 p-4 text-sm text-stone-700" data-testid="threshold-preview" aria-live="polite">
        {total === 0 ? (
          <p>
            No measured test questions yet. Add questions in <em>Test your bot</em> and run them: each question&apos;s relevance is measured once, and this shows how
            many the bot would answer at any threshold.
          </p>
        ) : (
          <>
            <p>
              At {effective.toFixed(2)}, of your {total} test question{total === 1 ? '' : 's'}: <strong data-testid="preview-answered">{counts.answered} answered</strong>,{' '}
              <strong data-testid="preview-dont-know">{counts.dontKnow} &quot;don&apos;t know&quot;</strong>.
            </p>
            {counts.wronglyAnswered || counts.wronglyUnanswered ? (
              <p className="mt-1 text-stone-600">
                {counts.wronglyAnswered} marked &quot;should not answer&quot; would get an answer; {counts.wronglyUnanswered} that expect an answer would not.
              </p>
            ) : null}
            <p className={hintClass}>
              Relevances from the test run of {preview.measuredAt ?? '—'}
              {preview.notMeasured ? `; ${preview.notMeasured} test${preview.notMeasured === 1 ? '' : 's'} added or edited since are not counted (run the tests again)` : ''}.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
