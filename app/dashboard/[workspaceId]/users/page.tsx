import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, inputClass, labelClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { listUsers } from '@/services/people/list-users';
import type { ListUsersResult } from '@/services/people/schemas';

export const metadata: Metadata = { title: 'Users' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const FIELD_LABELS: Record<string, string> = { q: 'Search', trait: 'Trait', active: 'Active in the last', inactive: 'Inactive for', page: 'Page' };

/** Trait values shown in the list: the first few, short. */
function traitSummary(traits: Record<string, unknown> | null) {
  if (!traits) return null;
  return Object.entries(traits)
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`.slice(0, 60))
    .join(' · ');
}

export default async function UsersPage({ params, searchParams }: { params: Promise<{ workspaceId: string }>; searchParams: SearchParams }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const raw = Object.fromEntries(
    (['q', 'trait', 'active', 'inactive', 'page'] as const).map((k) => [k, firstParam(sp[k])?.trim() || undefined]).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  let result: ListUsersResult = { users: [], page: 1, hasMore: false };
  let error: string | null = null;
  try {
    result = await listUsers(workspace.id, raw);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Each failing field in words, by its label on the form.
    error = (err.details ?? []).map((d) => `${FIELD_LABELS[d.path] ?? d.path}: ${d.message}`).join('; ') || err.message;
  }
  const base = `/dashboard/${workspace.id}`;
  const href = (page: number) => {
    const q = new URLSearchParams({ ...raw, page: String(page) });
    return `${base}/users?${q}`;
  };
  const filtered = ['q', 'trait', 'active', 'inactive'].some((k) => raw[k]);

  return (
    <>
      <PageHeader title="Users" description="The people behind your events: profiles you sent and users known from their events, most recently active first." />
      {firstParam(sp.erased) === '1' ? (
        <Alert tone="success" className="mb-4" data-testid="users-erased">The user and everything held about them were erased.</Alert>
      ) : null}
      <Section>
        <form method="get" action={`${base}/users`} className="grid grid-cols-1 gap-3 border-b border-stone-200 px-5 py-4 sm:grid-cols-3 lg:grid-cols-6 sm:items-end" data-testid="users-filters">
          <div className="sm:col-span-2">
            <label htmlFor="users-q" className={labelClass}>Search</label>
            <input id="users-q" name="q" defaultValue={raw.q ?? ''} placeholder="User id or trait value" className={`${inputClass} mt-1.5`} />
          </div>
          <div>
            <label htmlFor="users-trait" className={labelClass}>Trait</label>
            <input id="users-trait" name="trait" defaultValue={raw.trait ?? ''} placeholder="plan=pro" className={`${inputClass} mt-1.5`} />
          </div>
          <div>
            <label htmlFor="users-active" className={labelClass}>Active in the last</label>
            <select id="users-active" name="active" defaultValue={raw.active ?? ''} className={`${inputClass} mt-1.5`}>
              <option value="">Any time</option>
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="90">90 days</option>
            </select>
          </div>
          <div>
            <label htmlFor="users-inactive" className={labelClass}>Inactive for</label>
            <select id="users-inactive" name="inactive" defaultValue={raw.inactive ?? ''} className={`${inputClass} mt-1.5`}>
              <option value="">Any</option>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="90">90 days</option>
            </select>
          </div>
          <div className="flex gap-2">
            <button type="submit" className={buttonClass('primary')} data-testid="users-search">Search</button>
            {filtered ? <Link href={`${base}/users`} className={buttonClass('ghost')}>Clear</Link> : null}
          </div>
        </form>
        {error ? (
          <Alert tone="error" className="m-5" data-testid="users-error">{error}</Alert>
        ) : result.users.length === 0 ? (
          <EmptyState title={filtered ? 'No users match' : 'No users yet'}>
            Users appear when events carry a <code>userId</code> or when you send profiles with <code>PUT /v1/users</code>.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="users-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>User</th>
                  <th scope="col" className={thClass}>Traits</th>
                  <th scope="col" className={`${thClass} text-right`}>Events</th>
                  <th scope="col" className={thClass}>Last seen</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {result.users.map((u) => (
                  <tr key={u.id} data-testid="user-row" data-user-id={u.id}>
                    <td className={tdClass}>
                      <Link href={`${base}/users/${encodeURIComponent(u.id)}`} className={`${linkClass} font-mono text-xs break-all`}>{u.id}</Link>
                      {u.anonymousIds > 0 ? <Badge className="ml-2">+{u.anonymousIds} anonymous</Badge> : null}
                    </td>
                    <td className={`${tdClass} text-xs text-stone-600`}>{traitSummary(u.traits) ?? <span className="text-stone-400">No profile</span>}</td>
                    <td className={`${tdClass} text-right tabular-nums`} data-testid="user-row-events">{formatNumber(u.events)}</td>
                    <td className={`${tdClass} text-xs whitespace-nowrap`}>{u.lastSeenAt ? formatDateTime(u.lastSeenAt) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <nav aria-label="User pages" className="mt-4 flex justify-end gap-2">
        {result.page > 1 ? <Link href={href(result.page - 1)} className={buttonClass('secondary', 'sm')}>← Previous</Link> : null}
        {result.hasMore ? <Link href={href(result.page + 1)} className={buttonClass('secondary', 'sm')} data-testid="users-next">Next →</Link> : null}
      </nav>
    </>
  );
}
