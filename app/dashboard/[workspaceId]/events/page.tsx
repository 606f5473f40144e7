import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { PageHeader, Section } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass, inputClass, labelClass } from '@/components/ui/styles';
import { EVENT_TYPES } from '@/services/ingest/event-schema';
import { eventsPerDay } from '@/services/ingest/events-per-day';
import { listEvents } from '@/services/ingest/list-events';
import { Alert } from '@/components/ui/alert';
import { AppError } from '@/services/errors/app-error';
import { DEFAULT_RANGE, parseRange, rangeBounds, type RangeDays } from '@/services/analytics/date-range';
import { RangePicker } from '../_components/overview/range-picker';
import { EventsChart } from '../_components/events-chart';
import { EventsTable } from '../_components/events-table';
import { SendDataHelp } from '../_components/send-data-help';

export const metadata: Metadata = { title: 'Events' };

const PAGE_SIZE = 50;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A filter value from the query string: trimmed, bounded, empty -> undefined. */
const filterParam = (v: string | string[] | undefined) => {
  const s = firstParam(v)?.trim();
  return s && s.length <= 200 ? s : undefined;
};

export default async function EventsPage({ params, searchParams }: { params: Promise<{ workspaceId: string }>; searchParams: SearchParams }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const filters = {
    type: filterParam(sp.type),
    userId: filterParam(sp.userId),
    anonymousId: filterParam(sp.anonymousId),
    itemId: filterParam(sp.itemId),
  };
  const cursor = filterParam(sp.cursor);
  let days: RangeDays = DEFAULT_RANGE;
  let rangeError: string | null = null;
  try {
    days = parseRange(sp.range);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    rangeError = err.message;
  }
  const [page, perDay] = await Promise.all([
    listEvents(workspace.id, { ...filters, since: rangeBounds(days).start, cursor, limit: PAGE_SIZE }),
    eventsPerDay(workspace.id, { days }),
  ]);
  const range = days === DEFAULT_RANGE ? undefined : String(days);
  const base = `/dashboard/${workspace.id}`;
  const filtered = Object.values(filters).some(Boolean);
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, range, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${base}/events?${s}` : `${base}/events`;
  };
  const types = [...new Set([...EVENT_TYPES, ...perDay.types.map((t) => t.type), ...(filters.type ? [filters.type] : [])])];
  const empty = perDay.total === 0 && page.events.length === 0 && !filtered && !cursor && !range;

  return (
    <>
      <PageHeader
        title="Events"
        description="What your users do, as your servers and the browser tracker send it: latest first, by event time (UTC)."
        actions={<RangePicker href={`${base}/events`} current={days} extra={filters} />}
      />
      {rangeError ? <Alert tone="error" className="mb-4" data-testid="range-error">{rangeError}; showing the last {days} days.</Alert> : null}
      {empty ? (
        <Section>
          <SendDataHelp base={base} kind="events" title="No events yet" />
        </Section>
      ) : (
        <div className="space-y-8">
          <Section title="Events per day" description={`Last ${days} days, stacked by type: ${formatNumber(perDay.total)} events.`}>
            <EventsChart data={perDay} />
          </Section>
          <Section
            title="Latest events"
            description={cursor ? 'Older events' : undefined}
          >
            <form method="get" action={`${base}/events`} className="grid grid-cols-1 gap-3 border-b border-stone-200 px-5 py-4 sm:grid-cols-4 sm:items-end" data-testid="events-filters">
              <div>
                <label htmlFor="filter-type" className={labelClass}>Type</label>
                <select id="filter-type" name="type" defaultValue={filters.type ?? ''} className={`${inputClass} mt-1.5`}>
                  <option value="">All types</option>
                  {types.map((t) => (
                    <option key={t} value={t}>{t}</option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="filter-user" className={labelClass}>User id</label>
                <input id="filter-user" name="userId" defaultValue={filters.userId ?? ''} placeholder="u-42" className={`${inputClass} mt-1.5`} />
              </div>
              <div>
                <label htmlFor="filter-item" className={labelClass}>Item id</label>
                <input id="filter-item" name="itemId" defaultValue={filters.itemId ?? ''} placeholder="sku-1" className={`${inputClass} mt-1.5`} />
              </div>
              <div className="flex gap-2">
                {filters.anonymousId ? <input type="hidden" name="anonymousId" value={filters.anonymousId} /> : null}
                {range ? <input type="hidden" name="range" value={range} /> : null}
                <button type="submit" className={buttonClass('primary')} data-testid="apply-filters">Filter</button>
                {filtered ? (
                  <Link href={`${base}/events`} className={buttonClass('ghost')}>Clear</Link>
                ) : null}
              </div>
            </form>
            {filters.anonymousId ? (
              <p className="border-b border-stone-200 px-5 py-2 text-xs text-stone-600">
                Anonymous visitor <code className="font-mono">{filters.anonymousId}</code>
              </p>
            ) : null}
            {page.events.length === 0 ? (
              <EmptyState title={cursor ? 'No older events' : 'No events match these filters'} />
            ) : (
              <EventsTable events={page.events} base={base} />
            )}
          </Section>
          <nav aria-label="Event pages" className="flex justify-end gap-2">
            {cursor ? (
              <Link href={query({})} className={buttonClass('secondary', 'sm')}>Latest</Link>
            ) : null}
            {page.nextCursor ? (
              <Link href={query({ cursor: page.nextCursor })} className={buttonClass('secondary', 'sm')} data-testid="older-events">
                Older events →
              </Link>
            ) : null}
          </nav>
        </div>
      )}
    </>
  );
}
