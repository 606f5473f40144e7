import { formatNumber } from '@/app/lib/format';

export interface DayBar {
  key: string;
  label: string;
  total: number;
  /** Stacked bottom to top; zero segments are skipped. */
  segments: { key: string; value: number; className: string }[];
  /** Shaded column (e.g. a day still to come). */
  muted?: boolean;
}

/** Stacked bars per day with a y-scale and a weekly x-axis, in plain CSS (no chart library). */
export function StackedDayBars({
  days,
  unit,
  ariaLabel,
  testId,
  heightClass = 'h-44',
}: {
  days: DayBar[];
  unit: string;
  ariaLabel: string;
  testId: string;
  heightClass?: string;
}) {
  const max = Math.max(1, ...days.map((d) => d.total));
  return (
    <>
      <div className="flex gap-3">
        <div className={`flex ${heightClass} flex-col justify-between text-right text-xs text-stone-400 tabular-nums`} aria-hidden="true">
          <span>{formatNumber(max)}</span>
          <span>0</span>
        </div>
        <div
          className={`flex ${heightClass} flex-1 items-end gap-[3px] border-b border-l border-stone-200 pl-1`}
          role="img"
          aria-label={`${ariaLabel}, at most ${formatNumber(max)} in one day.`}
          data-testid={testId}
        >
          {days.map((d) => (
            <div
              key={d.key}
              className={`flex h-full flex-1 flex-col justify-end rounded-t-sm ${d.muted ? 'bg-stone-50' : ''}`}
              title={`${d.label}: ${formatNumber(d.total)} ${unit}`}
            >
              {d.segments
                .filter((s) => s.value > 0)
                .map((s) => (
                  <div key={s.key} className={`${s.className} w-full first:rounded-t-sm`} style={{ height: `${(s.value / max) * 100}%` }} />
                ))}
            </div>
          ))}
        </div>
      </div>
      <div className="mt-2 flex justify-between pl-10 text-xs text-stone-400" aria-hidden="true">
        {days
          .filter((_, i) => i % 7 === 0 || i === days.length - 1)
          .map((d) => (
            <span key={d.key}>{d.label}</span>
          ))}
      </div>
    </>
  );
}
