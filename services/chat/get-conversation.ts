import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import type { Citation } from './citations';
import type { ConversationOutput, ProductCard } from './schemas';

/**
 * A conversation of the workspace with its messages, oldest first. `internal` (secret keys, the
 * dashboard) adds the visitor messages' sentiment and the "needs a person" flag.
 */
export async function getConversation(workspaceId: string, conversationId: string, opts: { internal?: boolean } = {}): Promise<ConversationOutput> {
  const conversation = await db().conversation.findUnique({
    where: { workspaceId_id: { workspaceId, id: conversationId } },
    include: { messages: { orderBy: { seq: 'asc' }, take: 500 } },
  });
  if (!conversation) throw notFound('Conversation');
  return {
    id: conversation.id,
    status: conversation.status as 'open' | 'resolved',
    userId: conversation.userId,
    createdAt: conversation.createdAt.toISOString(),
    ...(opts.internal ? { flagged: conversation.flagged } : {}),
    messages: conversation.messages.map((m) => ({
      id: m.id,
      role: m.role as 'visitor' | 'bot',
      text: m.text,
      createdAt: m.createdAt.toISOString(),
      answered: m.answered,
      citations: (m.citations as Citation[] | null) ?? [],
      products: (m.products as ProductCard[] | null) ?? [],
      feedback: (m.feedback as 'up' | 'down' | null) ?? null,
      ...(opts.internal && m.role === 'visitor'
        ? { sentiment: m.sentimentLabel ? { label: m.sentimentLabel as 'negative' | 'neutral' | 'positive', score: m.sentimentScore ?? 0 } : null }
        : {}),
    })),
  };
}
