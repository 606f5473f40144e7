import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { listAuditLog } from '@/services/audit/list-audit-log';
import { listMembers } from '@/services/members/list-members';

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
  const beforeParam = firstParam((await searchParams).before);
  const before = beforeParam && /^\d{1,19}$/.test(beforeParam) ? BigInt(beforeParam) : undefined;
  const [entries, members] = await Promise.all([listAuditLog(workspace.id, { limit: PAGE_SIZE, ...(before ? { before } : {}) }), listMembers(workspace.id)]);
  const people = new Map(members.map((m) => [m.id, m]));
  const base = `/dashboard/${workspace.id}/audit-log`;
  const last = entries.at(-1);

  return (
    <>
      <PageHeader title="Audit log" description="Every security-relevant change in this workspace, latest first. Visible to owners and admins." />
      <Section>
        {entries.length === 0 ? (
          <EmptyState title={before ? 'No older entries' : 'Nothing recorded yet'} />
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
          <Link href={base} className={buttonClass('secondary', 'sm')}>
            Latest
          </Link>
        ) : null}
        {entries.length === PAGE_SIZE && last ? (
          <Link href={`${base}?before=${last.id.toString()}`} className={buttonClass('secondary', 'sm')}>
            Older entries →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
