import type { Passage, Retrieval } from '@/services/knowledge/retrieve-passages';

/**
 * The passages the LLM path sends to the model as numbered sources: the best ones by relevance,
 * those within half of the best relevance, at most four. Shared by the chat turn and
 * `npm run eval:chat` (context recall), so the evaluation measures what the model really gets.
 */
export function selectLlmPassages(retrieval: Retrieval): Passage[] {
  return [...retrieval.passages].sort((a, b) => b.relevance - a.relevance).filter((p) => p.relevance >= 0.5 * retrieval.relevance).slice(0, 4);
}
