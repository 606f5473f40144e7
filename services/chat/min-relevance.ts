import { env } from '@/services/config/env';
import { RANKER_LLM_THRESHOLD, RANKER_THRESHOLD } from '@/services/knowledge/passage-ranker';

/**
 * Relevance (0..1, the reranker's probability) below which the bot says it does not know and offers
 * a person. Chosen with the reranker's weights by scripts/train-chat-ranker.ts on the dev halves of
 * the eval:chat sets (see docs/chat.md); CHAT_MIN_RELEVANCE overrides it, and a workspace's own
 * threshold (bot settings) overrides both for that workspace.
 */
export const DEFAULT_MIN_RELEVANCE = RANKER_THRESHOLD;

export function minRelevance(workspaceThreshold?: number | null): number {
  return workspaceThreshold ?? env().CHAT_MIN_RELEVANCE ?? DEFAULT_MIN_RELEVANCE;
}

/**
 * With an LLM configured: the relevance from which a question goes to the model. Lower than the
 * extractive threshold, chosen with it so that at most 5% of the dev questions that have an answer
 * stay below it: the model reads the passages and answers NO_ANSWER itself when they do not hold one.
 */
export function llmMinRelevance(workspaceThreshold?: number | null): number {
  return env().CHAT_LLM_MIN_RELEVANCE ?? Math.min(RANKER_LLM_THRESHOLD, minRelevance(workspaceThreshold));
}
