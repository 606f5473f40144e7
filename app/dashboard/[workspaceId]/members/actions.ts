'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { changeMemberRole, removeMember } from '@/services/members/change-member-role';
import { inviteMember } from '@/services/members/invite-member';
import { revokeInvitation } from '@/services/members/revoke-invitation';

export type InviteState = ActionResult<{ id: string; email: string; role: string; link: string }> | null;

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};
const membersPath = (workspaceId: string) => `/dashboard/${workspaceId}/members`;

export async function inviteMemberAction(workspaceId: string, _prev: InviteState, formData: FormData): Promise<InviteState> {
  const actorUserId = await requireUserId();
  const result = await runAction(async () => {
    const { invitation, link } = await inviteMember({ workspaceId, actorUserId, email: text(formData, 'email'), role: text(formData, 'role') });
    return { id: invitation.id, email: invitation.email, role: invitation.role, link };
  });
  if (result.ok) revalidatePath(membersPath(workspaceId));
  return result;
}

export async function changeRoleAction(workspaceId: string, userId: string, _prev: ActionResult<void> | null, formData: FormData): Promise<ActionResult<void>> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => changeMemberRole({ workspaceId, actorUserId, userId, role: text(formData, 'role') }));
  revalidatePath(membersPath(workspaceId));
  return result;
}

/** Removes a member; removing yourself is leaving, which takes you back to your workspaces. */
export async function removeMemberAction(workspaceId: string, userId: string): Promise<ActionResult<void>> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => removeMember({ workspaceId, actorUserId, userId }));
  if (result.ok && userId === actorUserId) {
    revalidatePath('/dashboard', 'layout');
    redirect('/dashboard');
  }
  revalidatePath(membersPath(workspaceId));
  return result;
}

export async function revokeInvitationAction(workspaceId: string, invitationId: string): Promise<ActionResult<void>> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => revokeInvitation({ workspaceId, actorUserId, invitationId }));
  revalidatePath(membersPath(workspaceId));
  return result;
}
