import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { tableClass, tdClass, thClass } from '@/components/ui/styles';
import { listMembers, listPendingInvitations } from '@/services/members/list-members';
import { hasRole, ROLES, type Role } from '@/services/workspaces/roles';
import { removeMemberAction, revokeInvitationAction } from './actions';
import { InviteForm } from './invite-form';
import { RoleSelect } from './role-select';

export const metadata: Metadata = { title: 'Members' };

const ROLE_TONE = { owner: 'brand', admin: 'blue', member: 'neutral' } as const;

export default async function MembersPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role, userId } = await requireWorkspacePage(workspaceId);
  const isAdmin = hasRole(role, 'admin');
  const isOwner = role === 'owner';
  const [members, invitations] = await Promise.all([listMembers(workspace.id), isAdmin ? listPendingInvitations(workspace.id) : Promise.resolve([])]);
  // Admins manage admins and members; only owners grant, change or remove the owner role.
  const grantable: Role[] = isOwner ? [...ROLES] : ['admin', 'member'];
  const canManage = (target: Role) => isAdmin && (target !== 'owner' || isOwner);

  return (
    <>
      <PageHeader title="Members" description="Owners and admins manage keys and members. Members can use the dashboard and see usage." />
      <div className="space-y-8">
        {isAdmin ? (
          <Section id="invite" title="Invite a member">
            <InviteForm workspaceId={workspace.id} roles={[...grantable].reverse()} />
          </Section>
        ) : null}

        <Section id="members" title="People" description={`${members.length} member${members.length === 1 ? '' : 's'}`}>
          <div className="overflow-x-auto">
            <table className={tableClass}>
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Name</th>
                  <th scope="col" className={thClass}>Role</th>
                  <th scope="col" className={thClass}>Joined</th>
                  <th scope="col" className={thClass}><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {members.map((m) => {
                  const self = m.id === userId;
                  return (
                    <tr key={m.id} data-testid="member-row">
                      <td className={tdClass}>
                        <p className="font-medium text-stone-900">
                          {m.name} {self ? <span className="text-xs font-normal text-stone-500">(you)</span> : null}
                        </p>
                        <p className="text-xs text-stone-500">{m.email}</p>
                      </td>
                      <td className={tdClass}>
                        {canManage(m.role) && !self ? (
                          <RoleSelect workspaceId={workspace.id} userId={m.id} name={m.name} role={m.role} roles={grantable} />
                        ) : (
                          <Badge tone={ROLE_TONE[m.role]} className="capitalize">{m.role}</Badge>
                        )}
                      </td>
                      <td className={`${tdClass} whitespace-nowrap`}>{formatDate(m.joinedAt)}</td>
                      <td className={`${tdClass} text-right`}>
                        {self || canManage(m.role) ? (
                          <ConfirmAction
                            action={removeMemberAction.bind(null, workspace.id, m.id)}
                            trigger={self ? 'Leave' : 'Remove'}
                            triggerLabel={self ? 'Leave this workspace' : `Remove ${m.name}`}
                            title={self ? `Leave ${workspace.name}?` : `Remove ${m.name}?`}
                            confirmLabel={self ? 'Leave workspace' : 'Remove member'}
                          >
                            {self ? 'You will lose access to this workspace until someone invites you again.' : `${m.email} will lose access to this workspace at once.`}
                          </ConfirmAction>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Section>

        {isAdmin ? (
          <Section id="invitations" title="Pending invitations">
            {invitations.length === 0 ? (
              <EmptyState title="No pending invitations" />
            ) : (
              <ul className="divide-y divide-stone-200">
                {invitations.map((inv) => (
                  <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm" data-testid="invitation-row">
                    <div>
                      <p className="font-medium text-stone-900">{inv.email}</p>
                      <p className="text-xs text-stone-500">
                        <span className="capitalize">{inv.role}</span> · invited {formatDate(inv.createdAt)} · expires {formatDate(inv.expiresAt)}
                      </p>
                    </div>
                    <ConfirmAction
                      action={revokeInvitationAction.bind(null, workspace.id, inv.id)}
                      trigger="Revoke"
                      triggerLabel={`Revoke invitation for ${inv.email}`}
                      title={`Revoke the invitation for ${inv.email}?`}
                      confirmLabel="Revoke invitation"
                    >
                      The link stops working at once.
                    </ConfirmAction>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        ) : null}
      </div>
    </>
  );
}
