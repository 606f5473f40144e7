import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { meterLiteral, usageInsertFrom } from '@/services/metering/record-usage';

export interface HistoryTurn {
  /** bot: the answering side, an agent's replies included (the bot's memory and the LLM see them as its own). */
  role: 'visitor' | 'bot';
  text: string;
  sentiment: string | null;
  negative: number | null;
}

export interface AcceptedMessage {
  conversationId: string;
  /** The visitor message's id and position; the bot's answer takes `answerId` and `seq + 1`. */
  messageId: string;
  answerId: string;
  seq: number;
  /** Earlier messages of the conversation, oldest first (at most 8). */
  history: HistoryTurn[];
  created: boolean;
  /** The member who owns the conversation (live handoff): the bot stays silent while set. */
  assigneeUserId: string | null;
}

export const newConversationId = () => `cnv_${randomBase62(22)}`;
export const newMessageId = () => `msg_${randomBase62(16)}`;

// Both statements store the visitor message, reserve the next position for the answer (two
// seq values per turn, so concurrent turns never collide), and append the `chat_messages` usage
// unit (metering's INSERT), atomically: a message is billed if and only if it was stored.
const STORE_AND_BILL = `msg AS (
  INSERT INTO "ChatMessage" ("workspaceId", "id", "conversationId", "seq", "role", "text", "createdAt")
  SELECT $1::text, $6::text, conv."id", conv."messageCount" - 1, 'visitor', $5::text, now() FROM conv
  RETURNING "seq"
), usage AS (
  ${usageInsertFrom(`SELECT $1::text, ${meterLiteral('chat_messages')}, 1, NULL::text, NULL::timestamptz FROM msg`)}
)`;

const NEW_CONVERSATION = `
WITH conv AS (
  INSERT INTO "Conversation" ("workspaceId", "id", "userId", "userVerified", "messageCount", "preview", "createdAt", "lastMessageAt")
  VALUES ($1::text, $2::text, $3::text, $4::boolean, 2, left($5::text, 200), now(), now())
  RETURNING "id", "messageCount"
), ${STORE_AND_BILL}
SELECT (SELECT "seq" FROM msg) AS seq, '[]'::json AS history, NULL::text AS "assigneeUserId"`;

const CONTINUE_CONVERSATION = `
WITH conv AS (
  UPDATE "Conversation" SET "messageCount" = "messageCount" + 2, "lastMessageAt" = now(), "status" = 'open', "resolvedAt" = NULL,
    "userVerified" = CASE WHEN "userId" IS NULL AND $3::text IS NOT NULL THEN $4::boolean ELSE "userVerified" END,
    "userId" = coalesce("userId", $3::text)
  WHERE "workspaceId" = $1::text AND "id" = $2::text AND ($3::text IS NULL OR "userId" IS NULL OR "userId" = $3::text)
  RETURNING "id", "messageCount", "assigneeUserId"
), history AS (
  SELECT coalesce(json_agg(json_build_object('role', CASE WHEN h."role" = 'visitor' THEN 'visitor' ELSE 'bot' END, 'text', h."text", 'sentiment', h."sentimentLabel",
                                             'negative', (h."sentimentScores"->>'negative')::float8) ORDER BY h."seq"), '[]'::json) AS turns
  FROM (SELECT "role", "text", "seq", "sentimentLabel", "sentimentScores" FROM "ChatMessage"
        WHERE "workspaceId" = $1::text AND "conversationId" = $2::text ORDER BY "seq" DESC LIMIT 8) h
), ${STORE_AND_BILL}
SELECT (SELECT "seq" FROM msg) AS seq, (SELECT turns FROM history) AS history, (SELECT "assigneeUserId" FROM conv) AS "assigneeUserId"`;

/**
 * Stores a visitor message (in a new conversation, or continuing one of this workspace) with its
 * usage unit, in one statement, before any answer is computed: an accepted message is never lost.
 * A conversation of another workspace, or started by another user id, is "not found"; an anonymous
 * conversation takes the user id of the first message that has one (the visitor signed in).
 */
export async function acceptMessage(
  workspaceId: string,
  input: { conversationId?: string; text: string; userId?: string; userVerified: boolean },
): Promise<AcceptedMessage> {
  const messageId = newMessageId();
  const created = input.conversationId === undefined;
  const conversationId = input.conversationId ?? newConversationId();
  const [row] = await db().$queryRawUnsafe<{ seq: number | null; history: HistoryTurn[]; assigneeUserId: string | null }[]>(
    created ? NEW_CONVERSATION : CONTINUE_CONVERSATION,
    workspaceId,
    conversationId,
    input.userId ?? null,
    input.userVerified,
    input.text,
    messageId,
  );
  if (!row || row.seq === null) throw notFound('Conversation');
  return { conversationId, messageId, answerId: newMessageId(), seq: row.seq, history: row.history, created, assigneeUserId: row.assigneeUserId };
}
