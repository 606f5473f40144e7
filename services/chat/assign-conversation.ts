import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { hasRole } from '@/services/workspaces/roles';
import { requireMembership } from '@/services/workspaces/require-membership';
import { lockConversation } from './conversation-access';
import { assignInput } from './handoff-schemas';

/**
 * Gives the conversation to a member (the bot then stays silent) or, with null, back to the bot.
 * Any member may take a conversation or hand it back; giving it to someone else is for admins
 * (it puts work on a colleague's desk). The assignee must be a member of this workspace.
 */
export async function assignConversation(input: { workspaceId: string; conversationId: string; actorUserId: string; assignment: unknown }) {
  const { workspaceId, conversationId, actorUserId } = input;
  const membership = await requireMembership(actorUserId, workspaceId);
  const { assigneeUserId } = parseOrThrow(assignInput, input.assignment);
  if (assigneeUserId !== null && assigneeUserId !== actorUserId) {
    if (!hasRole(membership.role, 'admin')) throw new AppError('forbidden', 'Assigning a conversation to someone else needs the admin role or higher');
    const target = await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: assigneeUserId } }, select: { userId: true } });
    if (!target) {
      throw new AppError('validation_failed', 'Request validation failed', [{ path: 'assigneeUserId', message: 'is not a member of this workspace', code: 'not_member' }]);
    }
  }
  await db().$transaction(async (tx) => {
    const before = await lockConversation(tx, workspaceId, conversationId);
    if (before.assigneeUserId === assigneeUserId) return;
    await tx.conversation.update({
      where: { workspaceId_id: { workspaceId, id: conversationId } },
      data: { assigneeUserId, assignedAt: assigneeUserId ? new Date() : null },
    });
    await recordAudit(tx, {
      workspaceId,
      action: assigneeUserId ? 'conversation.assigned' : 'conversation.handed_back',
      targetType: 'conversation',
      targetId: conversationId,
      actorUserId,
      metadata: { from: before.assigneeUserId, to: assigneeUserId },
    });
  });
}
