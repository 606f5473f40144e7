import { db } from '@/services/db/client';
import type { SentimentScore } from './score-message-sentiment';
import { shouldFlagNegative, type ScoredTurn } from './should-flag';

/**
 * Stores a visitor message's sentiment and updates its conversation: the latest sentiment, the
 * count of negative messages, and the "needs a person" flag (reason `negative_sentiment`) when
 * the conversation turns negative (see should-flag.ts). One statement.
 */
export async function recordSentiment(
  workspaceId: string,
  conversationId: string,
  messageId: string,
  score: SentimentScore,
  earlierVisitorTurns: ScoredTurn[],
): Promise<{ flagged: boolean }> {
  const flag = shouldFlagNegative([...earlierVisitorTurns, { label: score.label, negative: score.scores.negative }]);
  await db().$executeRaw`
    WITH msg AS (
      UPDATE "ChatMessage" SET "sentimentLabel" = ${score.label}, "sentimentScore" = ${score.score}, "sentimentScores" = ${JSON.stringify(score.scores)}::jsonb
      WHERE "workspaceId" = ${workspaceId} AND "id" = ${messageId}
    )
    UPDATE "Conversation" SET
      "lastSentiment" = ${score.label},
      "negativeCount" = "negativeCount" + ${score.label === 'negative' ? 1 : 0},
      "flagReason" = CASE WHEN ${flag} AND NOT "flagged" THEN 'negative_sentiment' ELSE "flagReason" END,
      "flagged" = "flagged" OR ${flag}
    WHERE "workspaceId" = ${workspaceId} AND "id" = ${conversationId}`;
  return { flagged: flag };
}
