import { db } from '@/services/db/client';
import type { Citation } from './citations';
import type { ProductCard } from './schemas';

export type AnswerIntent = 'answer' | 'unknown' | 'products' | 'handoff' | 'smalltalk';

export interface StoredAnswer {
  workspaceId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
  answered: boolean;
  intent: AnswerIntent;
  method: string;
  latencyMs: number;
  confidence: number | null;
  citations: Citation[];
  products: ProductCard[];
  /** The visitor asked for a person: flag the conversation. */
  handoffRequested: boolean;
  contactEmail?: string;
}

/**
 * Stores the bot's answer at its reserved position and updates the conversation's counters in one
 * statement: an unanswered question counts towards the "unanswered" filter; a request for a person
 * flags the conversation (reason `handoff_requested`) and keeps the email the visitor left.
 */
export async function storeAnswer(a: StoredAnswer): Promise<{ newlyFlagged: boolean }> {
  // `prev` locks the row and reads the flag before this statement's update (FOR UPDATE waits for a
  // concurrent flagging, the sentiment's, and then sees it), so only the statement that raises the
  // flag reports it: the "needs a person" notification goes out once per flag.
  const [row] = await db().$queryRaw<{ newlyFlagged: boolean }[]>`
    WITH prev AS (
      SELECT "flagged" AS "wasFlagged" FROM "Conversation" WHERE "workspaceId" = ${a.workspaceId} AND "id" = ${a.conversationId} FOR UPDATE
    ), msg AS (
      INSERT INTO "ChatMessage" ("workspaceId", "id", "conversationId", "seq", "role", "text", "answered", "intent", "method", "latencyMs",
                                 "confidence", "citations", "products", "createdAt")
      VALUES (${a.workspaceId}, ${a.messageId}, ${a.conversationId}, ${a.seq}, 'bot', ${a.text}, ${a.answered}, ${a.intent}, ${a.method},
              ${a.latencyMs}, ${a.confidence}, ${JSON.stringify(a.citations)}::jsonb, ${JSON.stringify(a.products)}::jsonb, now())
    )
    UPDATE "Conversation" SET
      "unansweredCount" = "unansweredCount" + ${a.intent === 'unknown' ? 1 : 0},
      "flagReason" = CASE WHEN ${a.handoffRequested} AND NOT "flagged" THEN 'handoff_requested' ELSE "flagReason" END,
      "flagged" = "flagged" OR ${a.handoffRequested},
      "contactEmail" = coalesce(${a.contactEmail ?? null}, "contactEmail")
    FROM prev
    WHERE "workspaceId" = ${a.workspaceId} AND "id" = ${a.conversationId}
    RETURNING ${a.handoffRequested} AND NOT prev."wasFlagged" AS "newlyFlagged"`;
  return { newlyFlagged: row?.newlyFlagged ?? false };
}
