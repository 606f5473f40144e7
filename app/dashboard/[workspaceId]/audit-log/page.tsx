import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { Alert } from '@/components/ui/alert';
import { auditLogFacets, listAuditLog, parseAuditLogFilter, type AuditLogFilter } from '@/services/audit/list-audit-log';
import { describeValidation } from '@/services/errors/describe-validation';
import { AppError } from '@/services/errors/app-error';
import { listMembers } from '@/services/members/list-members';
import { AuditFilters } from './audit-filters';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;

function actionTone(action: string): BadgeTone {
  if (/revoked|removed/.test(action)) return 'red';
  if (action.startsWith('api_key.')) return 'amber';
  if (action.startsWith('member.') || action.startsWith('invitation.')) return 'blue';
  return 'brand';
}

function MetadataList({ value }: { value: unknown }) {
  if (!value || typeof value !== 'object' || Object.keys(value).length === 0) return <span className="text-stone-400">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-stone-500">{k}</dt>
          <dd className="font-mono break-all text-stone-800">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId, 'admin');
  const sp = await searchParams;
  const raw = { action: firstParam(sp.action), actor: firstParam(sp.actor), from: firstParam(sp.from), to: firstParam(sp.to), before: firstParam(sp.before) };
  // A bad filter (a hand-edited URL) says which field is wrong and lists nothing, rather than failing the page.
  let filter: AuditLogFilter | null = null;
  let filterError: string | null = null;
  try {
    filter = parseAuditLogFilter(raw);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    filterError = describeValidation(err.details ?? [], { action: 'Action type', actor: 'Member', from: 'From', to: 'To', before: 'Page' }).message;
  }
  const [entries, members, facets] = await Promise.all([
    filter ? listAuditLog(workspace.id, { limit: PAGE_SIZE, filter }) : [],
    listMembers(workspace.id),
    auditLogFacets(workspace.id),
  ]);
  const people = new Map(members.map((m) => [m.id, m]));
  const base = `/dashboard/${workspace.id}/audit-log`;
  const last = entries.at(-1);
  const before = filter?.before;
  const kept = Object.fromEntries(Object.entries({ action: raw.action, actor: raw.actor, from: raw.from, to: raw.to }).filter(([, v]) => v)) as Record<string, string>;
  const pageHref = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...kept, ...extra }).toString();
    return q ? `${base}?${q}` : base;
  };
  const filtered = Object.keys(kept).length > 0;
  // Members, then anyone else who appears in the log (former members), by id.
  const choices = [
    ...members.map((m) => ({ id: m.id, label: `${m.name} (${m.email})` })),
    ...facets.actorIds.filter((id) => !people.has(id)).map((id) => ({ id, label: `${id} (former member)` })),
  ];

  return (
    <>
      <PageHeader title="Audit log" description="Every change members make in this workspace (keys, members, roles, knowledge base, imports, training, settings, widget, billing), latest first. Visible to owners and admins." />
      <AuditFilters base={base} values={kept} actions={facets.actions} people={choices} />
      {filterError ? (
        <Alert tone="error" className="mb-4" data-testid="audit-filter-error">
          {filterError}
        </Alert>
      ) : null}
      <Section>
        {entries.length === 0 ? (
          <EmptyState title={before ? 'No older entries' : filtered || filterError ? 'No entries match these filters' : 'Nothing recorded yet'} />
        ) : (
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="audit-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Time</th>
                  <th scope="col" className={thClass}>Actor</th>
                  <th scope="col" className={thClass}>Action</th>
                  <th scope="col" className={thClass}>Target</th>
                  <th scope="col" className={thClass}>Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {entries.map((e) => {
                  const person = e.actorUserId ? people.get(e.actorUserId) : undefined;
                  return (
                    <tr key={e.id.toString()} data-testid="audit-row">
                      <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatDateTime(e.createdAt)}</td>
                      <td className={tdClass}>
                        {person ? (
                          <>
                            <p className="font-medium text-stone-900">{person.name}</p>
                            <p className="text-xs text-stone-500">{person.email}</p>
                          </>
                        ) : e.actorKeyId ? (
                          <span className="font-mono text-xs">API key {e.actorKeyId}</span>
                        ) : e.actorUserId ? (
                          <span className="font-mono text-xs text-stone-500" title="No longer a member">{e.actorUserId}</span>
                        ) : (
                          <span className="text-stone-400">System</span>
                        )}
                      </td>
                      <td className={tdClass}>
                        <Badge tone={actionTone(e.action)} className="font-mono">{e.action}</Badge>
                      </td>
                      <td className={tdClass}>
                        <p className="text-stone-900">{e.targetType.replace('_', ' ')}</p>
                        {e.targetId ? <p className="font-mono text-xs text-stone-500">{e.targetId}</p> : null}
                      </td>
                      <td className={tdClass}>
                        <MetadataList value={e.metadata} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <nav aria-label="Audit log pages" className="mt-4 flex justify-end gap-2">
        {before ? (
          <Link href={pageHref()} className={buttonClass('secondary', 'sm')}>
            Latest
          </Link>
        ) : null}
        {entries.length === PAGE_SIZE && last ? (
          <Link href={pageHref({ before: last.id.toString() })} className={buttonClass('secondary', 'sm')}>
            Older entries →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
