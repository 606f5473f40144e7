import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import type { FeedbackRequest } from './schemas';

/**
 * Thumbs up or down (and an optional comment) on a bot message of the conversation: the given
 * message, or the latest bot message. Giving feedback again replaces it.
 */
export async function giveFeedback(workspaceId: string, conversationId: string, input: FeedbackRequest): Promise<{ messageId: string; rating: 'up' | 'down' }> {
  const message = await db().chatMessage.findFirst({
    where: { workspaceId, conversationId, role: 'bot', ...(input.messageId ? { id: input.messageId } : {}) },
    orderBy: { seq: 'desc' },
    select: { id: true },
  });
  if (!message) {
    const exists = await db().conversation.count({ where: { workspaceId, id: conversationId } });
    if (!exists) throw notFound('Conversation');
    if (input.messageId) throw notFound('Message');
    throw new AppError('conflict', 'The conversation has no answer to rate yet');
  }
  await db().chatMessage.update({
    where: { workspaceId_id: { workspaceId, id: message.id } },
    data: { feedback: input.rating, feedbackComment: input.comment?.trim() || null },
  });
  return { messageId: message.id, rating: input.rating };
}
