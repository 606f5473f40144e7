import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { toMessageOutput } from './message-view';
import type { ConversationOutput } from './schemas';

/**
 * A conversation of the workspace with its messages (the visitor's, the bot's and agents' replies;
 * never internal notes), oldest first. `internal` (secret keys, the dashboard) adds the visitor
 * messages' sentiment and the "needs a person" flag.
 */
export async function getConversation(workspaceId: string, conversationId: string, opts: { internal?: boolean } = {}): Promise<ConversationOutput> {
  const conversation = await db().conversation.findUnique({
    where: { workspaceId_id: { workspaceId, id: conversationId } },
    include: { messages: { orderBy: { seq: 'asc' }, take: 500 } },
  });
  if (!conversation) throw notFound('Conversation');
  return {
    id: conversation.id,
    status: conversation.status as ConversationOutput['status'],
    withAgent: conversation.assigneeUserId !== null,
    userId: conversation.userId,
    createdAt: conversation.createdAt.toISOString(),
    ...(opts.internal ? { flagged: conversation.flagged } : {}),
    messages: conversation.messages.map((m) => toMessageOutput(m, !!opts.internal)),
  };
}
