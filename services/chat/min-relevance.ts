import { env } from '@/services/config/env';

/**
 * Relevance (0..1) below which the bot says it does not know and offers a person. Calibrated with
 * `npm run eval:chat` on two knowledge bases and their in- and out-of-scope questions (see
 * docs/chat.md); CHAT_MIN_RELEVANCE overrides it.
 */
export const DEFAULT_MIN_RELEVANCE = 0.5;

export function minRelevance(): number {
  return env().CHAT_MIN_RELEVANCE ?? DEFAULT_MIN_RELEVANCE;
}
