import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { countInbox } from '@/services/chat/count-inbox';
import { inboxFilterOrAll } from '@/services/chat/inbox-filter';
import { INBOX_FILTERS, listConversations, type InboxFilter } from '@/services/chat/list-conversations';
import { hasRole } from '@/services/workspaces/roles';
import { ConversationBadges, SentimentBadge } from '../_components/chat-badges';

export const metadata: Metadata = { title: 'Inbox' };

const LABELS: Record<InboxFilter, string> = { all: 'All', open: 'Open', flagged: 'Needs a person', negative: 'Negative', unanswered: 'Unanswered', resolved: 'Resolved' };

export default async function InboxPage({ params, searchParams }: { params: Promise<{ workspaceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const filter = inboxFilterOrAll(firstParam(sp.filter));
  const cursor = firstParam(sp.cursor);
  const [page, counts] = await Promise.all([listConversations(workspace.id, { filter, cursor, limit: 25 }), countInbox(workspace.id)]);
  const base = `/dashboard/${workspace.id}/inbox`;
  // Exports carry the tab's filter; admins only (they copy visitors' messages out in bulk).
  const exportHref = (format: 'csv' | 'json') => `/api/workspaces/${encodeURIComponent(workspace.id)}/conversations/export?${new URLSearchParams({ format, filter })}`;
  const exportActions = hasRole(role, 'admin') ? (
    <>
      <a href={exportHref('csv')} download className={buttonClass('secondary', 'sm')} data-testid="inbox-export-csv">
        Export CSV
      </a>
      <a href={exportHref('json')} download className={buttonClass('secondary', 'sm')} data-testid="inbox-export-json">
        Export JSON
      </a>
      <Link href={`${base}/notifications`} className={buttonClass('secondary', 'sm')} data-testid="inbox-notifications">
        Notifications
      </Link>
    </>
  ) : undefined;

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Conversations with your visitors, latest first. Conversations that turn negative or ask for a person are flagged for your team."
        actions={exportActions}
      />
      <Section>
        <nav aria-label="Filters" className="flex gap-1 overflow-x-auto border-b border-stone-200 px-3 pt-2">
          {INBOX_FILTERS.map((f) => (
            <Link
              key={f}
              href={f === 'all' ? base : `${base}?filter=${f}`}
              aria-current={f === filter ? 'page' : undefined}
              data-testid={`inbox-filter-${f}`}
              className={`-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-brand-600 ${
                f === filter ? 'border-brand-600 text-brand-700' : 'border-transparent text-stone-600 hover:text-stone-900'
              }`}
            >
              {LABELS[f]}
              <span className="rounded-full bg-stone-100 px-1.5 text-xs text-stone-600 tabular-nums">{formatNumber(counts[f])}</span>
            </Link>
          ))}
        </nav>
        {page.conversations.length === 0 ? (
          <EmptyState title={filter === 'all' ? 'No conversations yet' : `No conversations in “${LABELS[filter]}”`}>
            {filter === 'all' ? 'Add the chat widget to your site: conversations show up here as they happen.' : null}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="inbox-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Conversation</th>
                  <th scope="col" className={thClass}>State</th>
                  <th scope="col" className={thClass}>Sentiment</th>
                  <th scope="col" className={thClass}>Messages</th>
                  <th scope="col" className={thClass}>Last message</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {page.conversations.map((c) => (
                  <tr key={c.id} data-testid="inbox-row">
                    <td className={`${tdClass} max-w-md`}>
                      <Link href={`${base}/${encodeURIComponent(c.id)}`} className={linkClass}>
                        {c.preview ?? c.id}
                      </Link>
                      <p className="mt-0.5 text-xs text-stone-500">
                        {c.userId ? `User ${c.userId}` : 'Anonymous visitor'}
                        {c.contactEmail ? ` · ${c.contactEmail}` : ''}
                      </p>
                    </td>
                    <td className={tdClass}>
                      <ConversationBadges {...c} />
                    </td>
                    <td className={tdClass}>
                      <SentimentBadge label={c.lastSentiment} />
                    </td>
                    <td className={`${tdClass} tabular-nums`}>{formatNumber(c.messageCount)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(c.lastMessageAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {page.nextCursor ? (
        <nav aria-label="Inbox pages" className="mt-4 flex justify-end">
          <Link href={`${base}?${new URLSearchParams({ ...(filter !== 'all' ? { filter } : {}), cursor: page.nextCursor })}`} className={buttonClass('secondary', 'sm')}>
            Older conversations →
          </Link>
        </nav>
      ) : null}
    </>
  );
}
