import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { lockConversation } from './conversation-access';
import { statusInput, type ConversationStatus } from './handoff-schemas';

/**
 * Sets a conversation's status (any member): open (needs attention), pending (waiting on the
 * visitor) or resolved. Resolving clears "needs a person" and hands the conversation back to the
 * bot: the visitor's next message (which reopens it) is answered by the bot again. Audited when an
 * actor is given (the dashboard always gives one; test fixtures seed without).
 */
export async function setConversationStatus(workspaceId: string, conversationId: string, status: ConversationStatus | unknown, actorUserId?: string): Promise<void> {
  if (actorUserId) await requireMembership(actorUserId, workspaceId);
  const v = parseOrThrow(statusInput, { status });
  await db().$transaction(async (tx) => {
    const before = await lockConversation(tx, workspaceId, conversationId);
    await tx.conversation.update({
      where: { workspaceId_id: { workspaceId, id: conversationId } },
      data:
        v.status === 'resolved'
          ? { status: v.status, resolvedAt: new Date(), flagged: false, assigneeUserId: null, assignedAt: null }
          : { status: v.status, resolvedAt: null },
    });
    if (actorUserId && before.status !== v.status) {
      await recordAudit(tx, {
        workspaceId,
        action: 'conversation.status_changed',
        targetType: 'conversation',
        targetId: conversationId,
        actorUserId,
        metadata: { from: before.status, to: v.status, ...(v.status === 'resolved' && before.assigneeUserId ? { handedBackFrom: before.assigneeUserId } : {}) },
      });
    }
  });
}
