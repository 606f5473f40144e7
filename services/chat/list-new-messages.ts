import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { toMessageOutput } from './message-view';
import type { NewMessagesOutput } from './schemas';

const PAGE = 100;

/**
 * The widget's poll: a conversation's messages after position `after` (an agent's reply, or a
 * turn from another tab), oldest first, with the cursor for the next call. The conversation must
 * be of the key's workspace (else 404); its unguessable id is what the visitor holds. Two indexed
 * reads, no writes: cheap enough for one call a second per open widget.
 */
export async function listNewMessages(workspaceId: string, conversationId: string, after: number, opts: { internal?: boolean } = {}): Promise<NewMessagesOutput> {
  const [conversation, messages] = await Promise.all([
    db().conversation.findUnique({ where: { workspaceId_id: { workspaceId, id: conversationId } }, select: { status: true, assigneeUserId: true } }),
    db().chatMessage.findMany({ where: { workspaceId, conversationId, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: PAGE }),
  ]);
  if (!conversation) throw notFound('Conversation');
  return {
    messages: messages.map((m) => toMessageOutput(m, !!opts.internal)),
    cursor: messages.length ? messages[messages.length - 1]!.seq : after,
    status: conversation.status as NewMessagesOutput['status'],
    withAgent: conversation.assigneeUserId !== null,
  };
}
