import Link from 'next/link';
import { formatDateTime } from '@/app/lib/format';
import { linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import type { EventRow } from '@/services/ingest/list-events';
import { EventTypeBadge } from './event-type-badge';

const valueFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
export const userHref = (base: string, id: string) => `${base}/users/${encodeURIComponent(id)}`;
export const anonymousHref = (base: string, id: string) => `${base}/users/${encodeURIComponent(id)}?anonymous=1`;
export const itemHref = (base: string, id: string) => `${base}/catalog/${encodeURIComponent(id)}`;

/** A table of events (time, type, who, item, value); users and items link to their pages. */
/** An event's properties (and its recommId) as compact JSON, opened on demand when long. */
function Properties({ properties, recommId }: { properties: unknown; recommId: string | null }) {
  const all = { ...(recommId ? { recommId } : {}), ...(properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {}) };
  if (Object.keys(all).length === 0) return <span className="text-stone-400">—</span>;
  const text = JSON.stringify(all);
  if (text.length <= 60) return <code className="font-mono break-all text-stone-600" data-testid="event-properties">{text}</code>;
  return (
    <details data-testid="event-properties">
      <summary className="cursor-pointer font-mono text-stone-600">{text.slice(0, 50)}…</summary>
      <pre className="mt-1 font-mono whitespace-pre-wrap break-all text-stone-700">{JSON.stringify(all, null, 2)}</pre>
    </details>
  );
}

export function EventsTable({ events, base, hide = [] }: { events: EventRow[]; base: string; hide?: ('who' | 'item')[] }) {
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="events-table">
        <thead className="bg-stone-50">
          <tr>
            <th scope="col" className={thClass}>Time</th>
            <th scope="col" className={thClass}>Type</th>
            {hide.includes('who') ? null : <th scope="col" className={thClass}>User</th>}
            {hide.includes('item') ? null : <th scope="col" className={thClass}>Item</th>}
            <th scope="col" className={`${thClass} text-right`}>Value</th>
            <th scope="col" className={thClass}>Properties</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {events.map((e) => (
            <tr key={e.id} data-testid="event-row" data-event-type={e.type}>
              <td className={`${tdClass} whitespace-nowrap text-xs`} title={`id ${e.id}`}>{formatDateTime(e.timestamp)}</td>
              <td className={tdClass}>
                <EventTypeBadge type={e.type} />
              </td>
              {hide.includes('who') ? null : (
                <td className={`${tdClass} font-mono text-xs`}>
                  {e.userId ? (
                    <Link href={userHref(base, e.userId)} className={linkClass} data-testid="event-user">
                      {e.userId}
                    </Link>
                  ) : e.anonymousId ? (
                    <Link href={anonymousHref(base, e.anonymousId)} className="text-stone-500 underline-offset-2 hover:underline" title="Anonymous visitor">
                      {e.anonymousId} <span className="font-sans text-stone-400">(anonymous)</span>
                    </Link>
                  ) : (
                    <span className="text-stone-400">—</span>
                  )}
                </td>
              )}
              {hide.includes('item') ? null : (
                <td className={`${tdClass} font-mono text-xs`}>
                  {e.itemId ? (
                    <Link href={itemHref(base, e.itemId)} className={linkClass} data-testid="event-item">
                      {e.itemId}
                    </Link>
                  ) : e.type === 'search' && e.properties && typeof e.properties === 'object' && 'query' in e.properties ? (
                    <span className="font-sans text-stone-500">“{String((e.properties as { query: unknown }).query)}”</span>
                  ) : (
                    <span className="text-stone-400">—</span>
                  )}
                </td>
              )}
              <td className={`${tdClass} text-right tabular-nums`}>{e.value === null ? <span className="text-stone-400">—</span> : valueFmt.format(e.value)}</td>
              <td className={`${tdClass} max-w-xs text-xs`}>
                <Properties properties={e.properties} recommId={e.recommId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
