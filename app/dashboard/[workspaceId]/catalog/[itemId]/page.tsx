import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatDateTime, formatNumber } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { findItem } from '@/services/catalog/find-item';
import { countEventsByType } from '@/services/ingest/count-events';
import { listEvents } from '@/services/ingest/list-events';
import { EventTypeBadge } from '../../_components/event-type-badge';
import { EventsTable } from '../../_components/events-table';
import { formatPrice } from '../../_components/format-price';
import { idParam } from '../../_components/route-param';

export const metadata: Metadata = { title: 'Item' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-5 py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-stone-500">{label}</dt>
      <dd className="mt-1 text-sm text-stone-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}
const none = <span className="text-stone-400">—</span>;

export default async function ItemPage({ params }: { params: Promise<{ workspaceId: string; itemId: string }> }) {
  const { workspaceId, itemId: rawId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const itemId = idParam(rawId);
  const [item, counts, recent] = await Promise.all([
    findItem(workspace.id, itemId),
    countEventsByType(workspace.id, { itemId }),
    listEvents(workspace.id, { itemId, limit: 25 }),
  ]);
  if (!item && counts.length === 0) notFound();
  const base = `/dashboard/${workspace.id}`;
  const total = counts.reduce((s, c) => s + c.count, 0);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={`${base}/catalog`} className={linkClass}>← Catalog</Link>
      </nav>
      <PageHeader
        title={<span data-testid="item-title">{item?.title || itemId}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs" data-testid="item-id">{itemId}</code>
            {!item ? <Badge tone="amber">Not in the catalog</Badge> : item.deletedAt ? <Badge tone="red">Deleted</Badge> : item.available ? <Badge tone="brand">Available</Badge> : <Badge tone="amber">Unavailable</Badge>}
          </span>
        }
      />
      {item?.deletedAt ? (
        <Alert tone="warning" className="mb-6" data-testid="item-deleted">
          Deleted on {formatDateTime(new Date(item.deletedAt))}: no longer returned by the API or recommended. A PUT of the same id restores it.
        </Alert>
      ) : null}
      {!item ? (
        <Alert tone="info" className="mb-6">
          Events mention this id, but no item was sent with it. Send it with <code>PUT /v1/items</code> to describe it.
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-5">
        {item ? (
          <Section title="Fields" className="lg:col-span-3">
            <dl className="divide-y divide-stone-200" data-testid="item-fields">
              <Field label="Description">{item.description ? <p className="whitespace-pre-line">{item.description}</p> : none}</Field>
              <Field label="Categories">
                {item.categories.length ? (
                  <span className="flex flex-wrap gap-1">
                    {item.categories.map((c) => (
                      <Link key={c} href={`${base}/catalog?category=${encodeURIComponent(c)}`} className="rounded-md bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700 hover:bg-stone-200">{c}</Link>
                    ))}
                  </span>
                ) : none}
              </Field>
              <Field label="Tags">{item.tags.length ? <span className="flex flex-wrap gap-1">{item.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span> : none}</Field>
              <Field label="Price">{formatPrice(item.price, item.currency)}</Field>
              <Field label="URL">{item.url ? <a href={item.url} className={`${linkClass} break-all`} rel="noopener noreferrer nofollow" target="_blank">{item.url}</a> : none}</Field>
              <Field label="Image">{item.imageUrl ? <a href={item.imageUrl} className={`${linkClass} break-all`} rel="noopener noreferrer nofollow" target="_blank">{item.imageUrl}</a> : none}</Field>
              <Field label="Published">{item.publishedAt ? formatDate(new Date(item.publishedAt)) : none}</Field>
              <Field label="Properties">
                {Object.keys(item.properties).length ? (
                  <pre className="overflow-x-auto rounded-md bg-stone-50 p-2 font-mono text-xs">{JSON.stringify(item.properties, null, 2)}</pre>
                ) : none}
              </Field>
              <Field label="Created / updated">
                {formatDateTime(new Date(item.createdAt))} / {formatDateTime(new Date(item.updatedAt))}
              </Field>
            </dl>
          </Section>
        ) : null}
        <Section title="Events on this item" description={`${formatNumber(total)} in all`} className={item ? 'lg:col-span-2' : 'lg:col-span-5'}>
          {counts.length === 0 ? (
            <EmptyState title="No events yet" />
          ) : (
            <ul className="divide-y divide-stone-200" data-testid="item-event-counts">
              {counts.map((c) => (
                <li key={c.type} className="flex items-center justify-between px-5 py-2.5">
                  <Link href={`${base}/events?itemId=${encodeURIComponent(itemId)}&type=${encodeURIComponent(c.type)}`}>
                    <EventTypeBadge type={c.type} />
                  </Link>
                  <span className="text-sm font-medium text-stone-900 tabular-nums">{formatNumber(c.count)}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      {recent.events.length > 0 ? (
        <Section
          title="Recent events"
          className="mt-8"
          actions={
            <Link href={`${base}/events?itemId=${encodeURIComponent(itemId)}`} className={buttonClass('secondary', 'sm')}>
              All events on this item →
            </Link>
          }
        >
          <EventsTable events={recent.events} base={base} hide={['item']} />
        </Section>
      ) : null}
    </>
  );
}
