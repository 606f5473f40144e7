import type { ChatMessage } from '@/generated/prisma/client';
import type { Citation } from './citations';
import type { ConversationOutput, ProductCard } from './schemas';

type MessageOutput = ConversationOutput['messages'][number];

/** A stored message as the api shows it; `internal` (secret keys) adds visitor messages' sentiment. */
export function toMessageOutput(m: ChatMessage, internal: boolean): MessageOutput {
  return {
    id: m.id,
    seq: m.seq,
    role: m.role as MessageOutput['role'],
    author: m.role === 'agent' ? (m.authorName ?? 'Support') : null,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    answered: m.answered,
    citations: (m.citations as Citation[] | null) ?? [],
    products: (m.products as ProductCard[] | null) ?? [],
    feedback: (m.feedback as 'up' | 'down' | null) ?? null,
    ...(internal && m.role === 'visitor'
      ? { sentiment: m.sentimentLabel ? { label: m.sentimentLabel as 'negative' | 'neutral' | 'positive', score: m.sentimentScore ?? 0 } : null }
      : {}),
  };
}
