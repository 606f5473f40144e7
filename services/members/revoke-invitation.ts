import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { requireMembership } from '@/services/workspaces/require-membership';

export async function revokeInvitation(input: { workspaceId: string; actorUserId: string; invitationId: string }) {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  await db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { workspaceId: input.workspaceId, id: input.invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError('not_found', 'Invitation not found');
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: input.invitationId,
      actorUserId: input.actorUserId,
    });
  });
}
