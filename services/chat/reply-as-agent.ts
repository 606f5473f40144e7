import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { newMessageId } from './accept-message';
import { lockConversation } from './conversation-access';
import { agentReplyInput } from './handoff-schemas';

/**
 * An agent (any member) answers the visitor. The reply is stored as a message the visitor's widget
 * fetches (GET /v1/conversations/:id/messages); the conversation becomes the agent's unless
 * another member already owns it, so the bot stays silent from now on; "needs a person" is met
 * (the flag is cleared) and the status becomes pending (waiting on the visitor; their next message
 * makes it open again). Audited without the text, which stays in the transcript only.
 */
export async function replyAsAgent(input: { workspaceId: string; conversationId: string; actorUserId: string; reply: unknown }) {
  const { workspaceId, conversationId, actorUserId } = input;
  const membership = await requireMembership(actorUserId, workspaceId);
  const { text } = parseOrThrow(agentReplyInput, input.reply);
  const author = await db().user.findUniqueOrThrow({ where: { id: actorUserId }, select: { name: true } });
  const id = newMessageId();
  return db().$transaction(async (tx) => {
    const before = await lockConversation(tx, workspaceId, conversationId);
    // Positions: a visitor turn takes two (its message and the answer's), so the highest one used
    // is "messageCount"; the reply takes the next.
    const [conv] = await tx.$queryRaw<{ messageCount: number }[]>`
      UPDATE "Conversation" SET "messageCount" = "messageCount" + 1, "lastMessageAt" = now(), "status" = 'pending', "resolvedAt" = NULL,
        "flagged" = false, "assigneeUserId" = coalesce("assigneeUserId", ${actorUserId}),
        "assignedAt" = CASE WHEN "assigneeUserId" IS NULL THEN now() ELSE "assignedAt" END
      WHERE "workspaceId" = ${workspaceId} AND "id" = ${conversationId}
      RETURNING "messageCount"`;
    const message = await tx.chatMessage.create({
      data: { workspaceId, id, conversationId, seq: conv!.messageCount, role: 'agent', text, authorUserId: actorUserId, authorName: author.name || 'Support' },
    });
    await recordAudit(tx, {
      workspaceId,
      action: 'conversation.replied',
      targetType: 'conversation',
      targetId: conversationId,
      actorUserId,
      metadata: { messageId: id, characters: text.length, tookOver: before.assigneeUserId === null, role: membership.role },
    });
    return { id: message.id, seq: message.seq };
  });
}
