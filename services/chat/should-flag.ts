export interface ScoredTurn {
  label: 'negative' | 'neutral' | 'positive' | string | null;
  /** Probability of negative (0..1), when known. */
  negative: number | null;
}

/** A single message at least this negative flags the conversation. */
export const STRONGLY_NEGATIVE = 0.75;
/**
 * A message counts towards "two of the last three" only when the model is this sure it is
 * negative: questions and requests the model hesitates on (negative 0.5-0.6) must not add up to a
 * flag that needs a person for nothing.
 */
export const CONFIDENTLY_NEGATIVE = 0.6;

/**
 * Whether a conversation is turning negative and needs a person, from its visitor messages'
 * sentiment, oldest first (the newest last): the newest message strongly negative, or two of the
 * last three visitor messages confidently negative.
 */
export function shouldFlagNegative(visitorTurns: ScoredTurn[]): boolean {
  const last = visitorTurns[visitorTurns.length - 1];
  if (!last) return false;
  if (last.label === 'negative' && (last.negative ?? 1) >= STRONGLY_NEGATIVE) return true;
  return visitorTurns.slice(-3).filter((t) => t.label === 'negative' && (t.negative ?? 1) >= CONFIDENTLY_NEGATIVE).length >= 2;
}
