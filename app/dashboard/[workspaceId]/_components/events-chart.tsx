import { formatNumber } from '@/app/lib/format';
import type { EventsPerDay } from '@/services/ingest/events-per-day';
import { StackedDayBars } from '@/components/charts/stacked-day-bars';
import { eventTypeColor } from './event-types';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** Events per UTC day, stacked by type, in plain CSS (like the usage chart). */
export function EventsChart({ data, testId = 'events-chart' }: { data: EventsPerDay; testId?: string }) {
  const types = data.types.map((t) => t.type);
  const days = data.days.map((d) => ({
    key: d.day,
    label: label(d.day),
    total: d.total,
    segments: types.map((t) => ({ key: t, value: d.counts[t] ?? 0, className: eventTypeColor(t).bar })),
  }));
  return (
    <figure className="p-5">
      <StackedDayBars
        days={days}
        unit="events"
        ariaLabel={`Events per day: ${formatNumber(data.total)} over ${data.days.length} days`}
        testId={testId}
      />
      {types.length > 0 ? (
        <figcaption className="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-xs text-stone-600">
          {data.types.map((t) => (
            <span key={t.type} className="inline-flex items-center gap-1.5">
              <span className={`size-2.5 rounded-sm ${eventTypeColor(t.type).bar}`} aria-hidden="true" />
              <span className="font-mono">{t.type}</span>
              <span className="text-stone-400 tabular-nums">{formatNumber(t.count)}</span>
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
