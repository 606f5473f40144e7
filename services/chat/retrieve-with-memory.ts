import { coverageOf, retrievePassages, type Retrieval } from '@/services/knowledge/retrieve-passages';

export interface Turn {
  role: 'visitor' | 'bot';
  text: string;
}

/**
 * Retrieval for one message of a conversation. A follow-up ("and to Canada?", "what does it
 * cost?") rarely stands alone, so when the message by itself finds nothing above the threshold,
 * the previous visitor message is prepended. The combined retrieval is kept only when it is better
 * AND its best passage covers at least half of the message's own terms (or the message has none,
 * "how much is it?"): a new, unrelated question must not be answered from the previous topic.
 */
export async function retrieveWithMemory(workspaceId: string, message: string, history: Turn[], minRelevance: number): Promise<Retrieval> {
  const alone = await retrievePassages(workspaceId, message);
  if (alone.relevance >= minRelevance) return alone;
  const previous = [...history].reverse().find((t) => t.role === 'visitor');
  if (!previous) return alone;
  const withContext = await retrievePassages(workspaceId, `${previous.text} ${message}`);
  if (withContext.relevance <= alone.relevance) return alone;
  const best = [...withContext.passages].sort((a, b) => b.relevance - a.relevance)[0];
  const own = best ? coverageOf(alone.terms, (l) => best.chunk.lexemes.has(l)) : 0;
  return alone.terms.size === 0 || own >= 0.5 ? withContext : alone;
}
