export interface ScoredTurn {
  label: 'negative' | 'neutral' | 'positive' | string | null;
  /** Probability of negative (0..1), when known. */
  negative: number | null;
}

/** A single message at least this negative flags the conversation. */
export const STRONGLY_NEGATIVE = 0.75;

/**
 * Whether a conversation is turning negative and needs a person, from its visitor messages'
 * sentiment, oldest first (the newest last): the newest message strongly negative, or two of the
 * last three visitor messages negative.
 */
export function shouldFlagNegative(visitorTurns: ScoredTurn[]): boolean {
  const last = visitorTurns[visitorTurns.length - 1];
  if (!last) return false;
  if (last.label === 'negative' && (last.negative ?? 1) >= STRONGLY_NEGATIVE) return true;
  return visitorTurns.slice(-3).filter((t) => t.label === 'negative').length >= 2;
}
