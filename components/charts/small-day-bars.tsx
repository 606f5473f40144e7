import { formatNumber } from '@/app/lib/format';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/**
 * One series per UTC day as small bars, with an optional limit drawn as a dashed line (a quota):
 * the scale reaches the limit, so the bars show how close the series is to it. Plain CSS, like
 * StackedDayBars.
 */
export function SmallDayBars({
  points,
  ariaLabel,
  testId,
  barClass = 'bg-brand-500',
  limit,
  format = formatNumber,
}: {
  points: { day: string; value: number }[];
  ariaLabel: string;
  testId: string;
  barClass?: string;
  limit?: { value: number; label: string };
  format?: (n: number) => string;
}) {
  const max = Math.max(1, limit?.value ?? 0, ...points.map((p) => p.value));
  const first = points[0];
  const last = points.at(-1);
  return (
    <div>
      <div className="relative h-20 border-b border-stone-200" role="img" aria-label={ariaLabel} data-testid={testId}>
        <div className="flex h-full items-end gap-px">
          {points.map((p) => (
            <div key={p.day} className="flex h-full flex-1 flex-col justify-end" title={`${label(p.day)}: ${format(p.value)}`}>
              {p.value > 0 ? <div className={`${barClass} w-full rounded-t-[1px]`} style={{ height: `${Math.max(2, (p.value / max) * 100)}%` }} /> : null}
            </div>
          ))}
        </div>
        {limit ? (
          <div className="pointer-events-none absolute inset-x-0 border-t border-dashed border-rose-500" style={{ bottom: `${(limit.value / max) * 100}%` }} data-testid={`${testId}-limit`}>
            <span className="absolute -top-4 right-0 bg-white/80 px-1 text-[10px] text-rose-600">{limit.label}</span>
          </div>
        ) : null}
      </div>
      {first && last ? (
        <div className="mt-1 flex justify-between text-[10px] text-stone-400" aria-hidden="true">
          <span>{label(first.day)}</span>
          <span>{label(last.day)}</span>
        </div>
      ) : null}
    </div>
  );
}
