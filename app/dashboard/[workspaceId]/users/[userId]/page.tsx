import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { ConfirmAction } from '@/components/ui/confirm-dialog';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { getEndUser } from '@/services/catalog/get-end-user';
import { getPersonExtras, mergedInto } from '@/services/people/get-person-extras';
import { hasRole } from '@/services/workspaces/roles';
import { countEventsByType } from '@/services/ingest/count-events';
import { listEvents } from '@/services/ingest/list-events';
import { EventTypeBadge } from '../../_components/event-type-badge';
import { EventsTable } from '../../_components/events-table';
import { idParam } from '../../_components/route-param';
import { eraseUserAction } from './actions';
import { PersonConversations, RecommendationsPreview } from './person-sections';

export const metadata: Metadata = { title: 'User' };

const PAGE_SIZE = 50;

function TraitValue({ value }: { value: unknown }) {
  if (value === null || typeof value === 'object') return <code className="font-mono text-xs break-all">{JSON.stringify(value)}</code>;
  return <span className="break-all">{String(value)}</span>;
}

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string; userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId, userId: rawId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const id = idParam(rawId);
  const anonymous = firstParam(sp.anonymous) === '1';
  const cursor = firstParam(sp.cursor);
  const who = anonymous ? { anonymousId: id } : { userId: id };
  const [profile, counts, timeline, extras, mergedUser] = await Promise.all([
    anonymous ? Promise.resolve(null) : getEndUser(workspace.id, id),
    countEventsByType(workspace.id, who),
    listEvents(workspace.id, { ...who, cursor, limit: PAGE_SIZE }),
    anonymous ? Promise.resolve(null) : getPersonExtras(workspace.id, id),
    anonymous ? mergedInto(workspace.id, id) : Promise.resolve(null),
  ]);
  if (!profile && counts.length === 0 && !extras?.merges.length && !extras?.conversations.length) notFound();
  const isAdmin = hasRole(role, 'admin');
  const base = `/dashboard/${workspace.id}`;
  const self = `${base}/users/${encodeURIComponent(id)}`;
  const pageHref = (c?: string) => {
    const q = new URLSearchParams();
    if (anonymous) q.set('anonymous', '1');
    if (c) q.set('cursor', c);
    const s = q.toString();
    return s ? `${self}?${s}` : self;
  };
  const total = counts.reduce((s, c) => s + c.count, 0);
  const traits = Object.entries(profile?.traits ?? {});
  const name = typeof profile?.traits.name === 'string' ? profile.traits.name : null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={`${base}/users`} className={linkClass}>← Users</Link>
      </nav>
      <PageHeader
        title={<span data-testid="user-title">{name ?? id}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs" data-testid="user-id">{id}</code>
            {anonymous ? <Badge>Anonymous visitor</Badge> : profile ? <Badge tone="brand">Known user</Badge> : <Badge tone="amber">No profile sent</Badge>}
            <span>{formatNumber(total)} events</span>
            {mergedUser ? (
              <span data-testid="merged-into">
                Merged into <Link href={`${base}/users/${encodeURIComponent(mergedUser)}`} className={linkClass}>{mergedUser}</Link>
              </span>
            ) : null}
            {extras?.merges.length ? (
              <span data-testid="user-merged-ids">
                Also seen as {extras.merges.map((m) => m.anonymousId).join(', ')}
              </span>
            ) : null}
          </span>
        }
        actions={
          !anonymous && isAdmin ? (
            <>
              <a href={`/api/workspaces/${workspace.id}/users/${encodeURIComponent(id)}/export`} className={buttonClass('secondary')} data-testid="user-export" download>
                Export (JSON)
              </a>
              <ConfirmAction
                action={eraseUserAction.bind(null, workspace.id, id)}
                trigger="Erase"
                triggerVariant="danger"
                triggerTestId="user-erase"
                confirmTestId="user-erase-confirm"
                title={`Erase ${id}?`}
                confirmLabel="Erase for good"
              >
                Deletes the profile, every event, the anonymous ids merged into this user and their conversations. It cannot be undone.
              </ConfirmAction>
            </>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-5">
        <Section title="Traits" description={profile ? `Updated ${formatDateTime(profile.updatedAt)}` : undefined} className="lg:col-span-3">
          {anonymous ? (
            <EmptyState title="Anonymous visitors have no traits">Events with this anonymousId came from a browser before sign-in.</EmptyState>
          ) : traits.length === 0 ? (
            <EmptyState title={profile ? 'No traits' : 'No profile'}>
              Send traits with <code>PUT /v1/users</code>: <code>{`{"users": [{"id": "${id}", "traits": {"plan": "pro"}}]}`}</code>
            </EmptyState>
          ) : (
            <dl className="divide-y divide-stone-200" data-testid="user-traits">
              {traits.map(([k, v]) => (
                <div key={k} className="px-5 py-2.5 sm:grid sm:grid-cols-3 sm:gap-4">
                  <dt className="font-mono text-xs text-stone-500">{k}</dt>
                  <dd className="text-sm text-stone-900 sm:col-span-2"><TraitValue value={v} /></dd>
                </div>
              ))}
            </dl>
          )}
        </Section>
        <Section title="Activity" className="lg:col-span-2">
          {counts.length === 0 ? (
            <EmptyState title="No events yet" />
          ) : (
            <ul className="divide-y divide-stone-200" data-testid="user-event-counts">
              {counts.map((c) => (
                <li key={c.type} className="flex items-center justify-between px-5 py-2.5">
                  <EventTypeBadge type={c.type} />
                  <span className="text-sm font-medium text-stone-900 tabular-nums">{formatNumber(c.count)}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      {extras ? (
        <div className="mt-8 grid grid-cols-1 gap-8 lg:grid-cols-2">
          <RecommendationsPreview workspaceId={workspace.id} userId={id} base={base} />
          <PersonConversations base={base} conversations={extras.conversations} sentiment={extras.sentiment} />
        </div>
      ) : null}
      <Section title="Timeline" description="Latest first" className="mt-8">
        {timeline.events.length === 0 ? (
          <EmptyState title={cursor ? 'No older events' : 'No events yet'} />
        ) : (
          <EventsTable events={timeline.events} base={base} hide={['who']} />
        )}
      </Section>
      <nav aria-label="Timeline pages" className="mt-4 flex justify-end gap-2">
        {cursor ? <Link href={pageHref()} className={buttonClass('secondary', 'sm')}>Latest</Link> : null}
        {timeline.nextCursor ? (
          <Link href={pageHref(timeline.nextCursor)} className={buttonClass('secondary', 'sm')} data-testid="older-events">
            Older events →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
