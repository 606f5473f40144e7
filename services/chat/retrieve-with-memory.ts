import { retrievePassages, type Retrieval } from '@/services/knowledge/retrieve-passages';

export interface Turn {
  role: 'visitor' | 'bot';
  text: string;
}

/**
 * Retrieval for one message of a conversation. A follow-up ("and to Canada?", "how much is it?")
 * rarely stands alone, so when the message by itself finds nothing above the threshold, the
 * previous visitor message is prepended and the better of the two retrievals is kept.
 */
export async function retrieveWithMemory(workspaceId: string, message: string, history: Turn[], minRelevance: number): Promise<Retrieval> {
  const alone = await retrievePassages(workspaceId, message);
  if (alone.relevance >= minRelevance) return alone;
  const previous = [...history].reverse().find((t) => t.role === 'visitor');
  if (!previous) return alone;
  const withContext = await retrievePassages(workspaceId, `${previous.text} ${message}`);
  // The combined question must beat the message alone clearly (it has more terms to match).
  return withContext.relevance > alone.relevance ? withContext : alone;
}
