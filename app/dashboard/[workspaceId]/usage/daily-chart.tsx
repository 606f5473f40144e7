import { formatNumber } from '@/app/lib/format';
import { METERS, METER_LABELS, type Meter } from '@/services/metering/meters';
import type { UsageSummary } from '@/services/metering/get-usage-summary';
import { StackedDayBars } from '@/components/charts/stacked-day-bars';

export const METER_COLORS: Record<Meter, string> = {
  events: 'bg-brand-500',
  recommendations: 'bg-sky-500',
  chat_messages: 'bg-amber-400',
  sentiment_texts: 'bg-rose-400',
  embedding_texts: 'bg-violet-500',
};

const DAY_MS = 86_400_000;
const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Stacked daily bars for the period, in plain CSS (no chart library). */
export function DailyChart({ summary, now = new Date() }: { summary: UsageSummary; now?: Date }) {
  const byDay = new Map<string, Partial<Record<Meter, number>>>();
  for (const row of summary.daily) {
    const day = byDay.get(row.day) ?? {};
    day[row.meter] = (day[row.meter] ?? 0) + row.quantity;
    byDay.set(row.day, day);
  }
  const days: { key: string; date: Date; values: Partial<Record<Meter, number>>; total: number }[] = [];
  for (let t = summary.period.start.getTime(); t < summary.period.end.getTime(); t += DAY_MS) {
    const date = new Date(t);
    const key = date.toISOString().slice(0, 10);
    const values = byDay.get(key) ?? {};
    days.push({ key, date, values, total: METERS.reduce((s, m) => s + (values[m] ?? 0), 0) });
  }
  const total = days.reduce((sum, d) => sum + d.total, 0);
  const bars = days.map((d) => ({
    key: d.key,
    label: dayLabel.format(d.date),
    total: d.total,
    muted: d.date > now,
    segments: METERS.map((m) => ({ key: m, value: d.values[m] ?? 0, className: METER_COLORS[m] })),
  }));

  return (
    <figure className="p-5">
      <StackedDayBars
        days={bars}
        unit="units"
        ariaLabel={`Daily usage: ${formatNumber(total)} units over ${days.length} days`}
        testId="usage-chart"
        heightClass="h-52"
      />
      <figcaption className="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-xs text-stone-600">
        {METERS.map((m) => (
          <span key={m} className="inline-flex items-center gap-1.5">
            <span className={`size-2.5 rounded-sm ${METER_COLORS[m]}`} aria-hidden="true" />
            {METER_LABELS[m]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
