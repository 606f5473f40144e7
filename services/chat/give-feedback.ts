import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { getPrivacySettings } from '@/services/privacy/get-privacy-settings';
import { redactPii } from '@/services/privacy/redact-pii';
import type { FeedbackRequest } from './schemas';

/**
 * Thumbs up or down (and an optional comment) on a bot message of the conversation: the given
 * message, or the latest bot message. Giving feedback again replaces it. The comment is the
 * visitor's free text: redacted like their messages when the workspace's `redactPii` is on.
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
  const comment = input.comment?.trim() || null;
  const redact = comment !== null && (await getPrivacySettings(workspaceId)).redactPii;
  await db().chatMessage.update({
    where: { workspaceId_id: { workspaceId, id: message.id } },
    data: { feedback: input.rating, feedbackComment: redact ? redactPii(comment) : comment },
  });
  return { messageId: message.id, rating: input.rating };
}
