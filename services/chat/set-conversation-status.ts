import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';

/**
 * An agent marks a conversation resolved (which also clears "needs a person") or reopens it.
 * A later visitor message reopens it by itself.
 */
export async function setConversationStatus(workspaceId: string, conversationId: string, status: 'open' | 'resolved'): Promise<void> {
  const { count } = await db().conversation.updateMany({
    where: { workspaceId, id: conversationId },
    data: status === 'resolved' ? { status, resolvedAt: new Date(), flagged: false } : { status, resolvedAt: null },
  });
  if (count === 0) throw notFound('Conversation');
}
