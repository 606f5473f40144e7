import { db } from '@/services/db/client';
import type { SentimentScore } from './score-message-sentiment';
import { shouldFlagNegative, type ScoredTurn } from './should-flag';

/**
 * Stores a visitor message's sentiment and updates its conversation: the latest sentiment, the
 * count of negative messages, and the "needs a person" flag (reason `negative_sentiment`) when
 * the conversation turns negative (see should-flag.ts). One statement; `newlyFlagged` when this
 * message raised the flag (see store-answer.ts), for the "needs a person" notification.
 */
export async function recordSentiment(
  workspaceId: string,
  conversationId: string,
  messageId: string,
  score: SentimentScore,
  earlierVisitorTurns: ScoredTurn[],
): Promise<{ flagged: boolean; newlyFlagged: boolean }> {
  const flag = shouldFlagNegative([...earlierVisitorTurns, { label: score.label, negative: score.scores.negative }]);
  const [row] = await db().$queryRaw<{ newlyFlagged: boolean }[]>`
    WITH prev AS (
      SELECT "flagged" AS "wasFlagged" FROM "Conversation" WHERE "workspaceId" = ${workspaceId} AND "id" = ${conversationId} FOR UPDATE
    ), msg AS (
      UPDATE "ChatMessage" SET "sentimentLabel" = ${score.label}, "sentimentScore" = ${score.score}, "sentimentScores" = ${JSON.stringify(score.scores)}::jsonb
      WHERE "workspaceId" = ${workspaceId} AND "id" = ${messageId}
    )
    UPDATE "Conversation" SET
      "lastSentiment" = ${score.label},
      "negativeCount" = "negativeCount" + ${score.label === 'negative' ? 1 : 0},
      "flagReason" = CASE WHEN ${flag} AND NOT "flagged" THEN 'negative_sentiment' ELSE "flagReason" END,
      "flagged" = "flagged" OR ${flag}
    FROM prev
    WHERE "workspaceId" = ${workspaceId} AND "id" = ${conversationId}
    RETURNING ${flag} AND NOT prev."wasFlagged" AS "newlyFlagged"`;
  return { flagged: flag, newlyFlagged: row?.newlyFlagged ?? false };
}
