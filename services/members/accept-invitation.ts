import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { hashInvitationToken } from './invite-member';

/** Looks up a pending invitation by its link token (for the accept page). */
export async function findPendingInvitation(token: string) {
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { workspace: { select: { id: true, name: true } } },
    omit: { tokenHash: true },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt < new Date()) return null;
  return inv;
}

/** The signed-in user joins; the invitation is bound to the invited email address. */
export async function acceptInvitation(input: { token: string; userId: string }) {
  const inv = await findPendingInvitation(input.token);
  if (!inv) throw new AppError('not_found', 'This invitation is invalid, expired or already used');
  const user = await db().user.findUniqueOrThrow({ where: { id: input.userId } });
  if (user.email !== inv.email) {
    throw new AppError('forbidden', `This invitation is for ${inv.email}; sign in with that address to accept it`);
  }
  return db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { workspaceId: inv.workspaceId, id: inv.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (count === 0) throw new AppError('conflict', 'This invitation was just used');
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId: user.id } },
      create: { workspaceId: inv.workspaceId, userId: user.id, role: inv.role },
      update: {},
    });
    // The invitation's link reached this address and the account has the same one: that proves the
    // address as well as a verification link would.
    await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    await recordAudit(tx, {
      workspaceId: inv.workspaceId,
      action: 'member.joined',
      targetType: 'member',
      targetId: user.id,
      actorUserId: user.id,
      metadata: { email: user.email, role: inv.role },
    });
    return { workspaceId: inv.workspaceId };
  });
}
