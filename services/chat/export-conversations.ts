// Conversation exports for the dashboard (CSV and JSON): the inbox's conversations under the inbox's
// own filter (listConversations, walked page by page with its keyset cursor, so an export holds
// exactly what the tabs list), each with its feedback counts and last sentiment score, and in JSON
// its messages. Streamed a page at a time: memory stays flat however large the inbox is.
// Admins and owners only: an export is a bulk copy of what visitors wrote (and their contact
// emails) that leaves the product's access control, like the audit log; members read
// conversations one at a time in the inbox. Every export is written to the audit log.
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { inboxQuerySchema } from './inbox-filter';
import { listConversations, type InboxFilter, type InboxRow } from './list-conversations';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=csv|json&filter=<inbox tab>`: the inbox's filter schema plus the format. */
export const exportQuerySchema = inboxQuerySchema.extend({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Reads the query string (a repeated key counts by its first value, as on the inbox page). */
export function parseExportQuery(params: URLSearchParams): ExportQuery {
  return parseOrThrow(exportQuerySchema, { filter: params.get('filter') ?? undefined, format: params.get('format') ?? undefined });
}

export interface ExportedMessage {
  role: string;
  text: string;
  at: Date;
  sentiment: { label: string; score: number | null } | null;
  feedback: string | null;
  feedbackComment: string | null;
}

export interface ExportedConversation {
  id: string;
  startedAt: Date;
  lastMessageAt: Date;
  status: string;
  userId: string | null;
  contactEmail: string | null;
  messageCount: number;
  firstMessage: string | null;
  lastSentiment: string | null;
  lastSentimentScore: number | null;
  negativeMessages: number;
  /** As the inbox's "Needs a person" tab: flagged and still open. */
  needsPerson: boolean;
  flagReason: string | null;
  thumbsUp: number;
  thumbsDown: number;
  messages?: ExportedMessage[];
}

const PAGE = 100;

interface Totals {
  conversationId: string;
  up: number;
  down: number;
  lastScore: number | null;
}

/** Feedback counts and the last scored message's sentiment score of each conversation of a page. */
async function totals(workspaceId: string, ids: string[]): Promise<Map<string, Totals>> {
  const rows = await db().$queryRaw<Totals[]>`
    SELECT "conversationId",
           count(*) FILTER (WHERE "feedback" = 'up')::int AS "up",
           count(*) FILTER (WHERE "feedback" = 'down')::int AS "down",
           (array_agg("sentimentScore" ORDER BY "seq" DESC) FILTER (WHERE "sentimentLabel" IS NOT NULL))[1] AS "lastScore"
    FROM "ChatMessage" WHERE "workspaceId" = ${workspaceId} AND "conversationId" = ANY(${ids}::text[])
    GROUP BY "conversationId"`;
  return new Map(rows.map((r) => [r.conversationId, r]));
}

async function messagesOf(workspaceId: string, ids: string[]): Promise<Map<string, ExportedMessage[]>> {
  const rows = await db().chatMessage.findMany({
    where: { workspaceId, conversationId: { in: ids } },
    orderBy: [{ conversationId: 'asc' }, { seq: 'asc' }],
    select: { conversationId: true, role: true, text: true, createdAt: true, sentimentLabel: true, sentimentScore: true, feedback: true, feedbackComment: true },
  });
  const byConversation = new Map<string, ExportedMessage[]>();
  for (const m of rows) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push({
      role: m.role,
      text: m.text,
      at: m.createdAt,
      sentiment: m.sentimentLabel ? { label: m.sentimentLabel, score: m.sentimentScore } : null,
      feedback: m.feedback,
      feedbackComment: m.feedbackComment,
    });
    byConversation.set(m.conversationId, list);
  }
  return byConversation;
}

function toExported(row: InboxRow, t: Totals | undefined): ExportedConversation {
  return {
    id: row.id,
    startedAt: row.createdAt,
    lastMessageAt: row.lastMessageAt,
    status: row.status,
    userId: row.userId,
    contactEmail: row.contactEmail,
    messageCount: row.messageCount,
    firstMessage: row.preview,
    lastSentiment: row.lastSentiment,
    lastSentimentScore: t?.lastScore ?? null,
    negativeMessages: row.negativeCount,
    needsPerson: row.flagged && row.status === 'open',
    flagReason: row.flagReason,
    thumbsUp: t?.up ?? 0,
    thumbsDown: t?.down ?? 0,
  };
}

/**
 * The workspace's conversations under `filter`, latest activity first. A conversation that gets a
 * new message during the export moves ahead of the cursor and may be left out: the export is the
 * inbox as it was paged, not a snapshot (a long transaction would hold back vacuum instead).
 */
export async function* exportedConversations(workspaceId: string, filter: InboxFilter, opts: { withMessages?: boolean } = {}): AsyncGenerator<ExportedConversation> {
  let cursor: string | undefined;
  do {
    const page = await listConversations(workspaceId, { filter, cursor, limit: PAGE });
    const ids = page.conversations.map((c) => c.id);
    if (ids.length === 0) return;
    const [sums, messages] = await Promise.all([totals(workspaceId, ids), opts.withMessages ? messagesOf(workspaceId, ids) : undefined]);
    for (const row of page.conversations) {
      const exported = toExported(row, sums.get(row.id));
      if (messages) exported.messages = messages.get(row.id) ?? [];
      yield exported;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** CSV columns: header name and value. */
const CSV_COLUMNS: [string, (c: ExportedConversation) => string | number | boolean | null][] = [
  ['conversation_id', (c) => c.id],
  ['started_at', (c) => c.startedAt.toISOString()],
  ['last_message_at', (c) => c.lastMessageAt.toISOString()],
  ['status', (c) => c.status],
  ['user_id', (c) => c.userId],
  ['contact_email', (c) => c.contactEmail],
  ['message_count', (c) => c.messageCount],
  ['first_message', (c) => c.firstMessage],
  ['last_sentiment', (c) => c.lastSentiment],
  ['last_sentiment_score', (c) => c.lastSentimentScore],
  ['negative_messages', (c) => c.negativeMessages],
  ['needs_person', (c) => c.needsPerson],
  ['flag_reason', (c) => c.flagReason],
  ['thumbs_up', (c) => c.thumbsUp],
  ['thumbs_down', (c) => c.thumbsDown],
];
export const CSV_HEADER = CSV_COLUMNS.map(([name]) => name);

/**
 * CSV (RFC 4180 quoting by csv-stringify) with a UTF-8 byte order mark, so spreadsheets read
 * accented names right. Cells starting with = + - @ tab or CR get a leading apostrophe
 * (escape_formulas): a visitor's message must never run as a spreadsheet formula.
 */
function csvStream(rows: AsyncIterable<ExportedConversation>): Readable {
  const records = Readable.from(
    (async function* () {
      for await (const c of rows) yield CSV_COLUMNS.map(([, value]) => value(c));
    })(),
  );
  const csv = stringify({ header: true, columns: CSV_HEADER, bom: true, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
  // pipeline forwards a failed query to the output (the response is cut, never silently short).
  return pipeline(records, csv, () => undefined);
}

/** One JSON document, written as it goes: {"exportedAt", "filter", "conversations": [...]}. */
function jsonStream(rows: AsyncIterable<ExportedConversation>, filter: InboxFilter): Readable {
  return Readable.from(
    (async function* () {
      yield `{"exportedAt":${JSON.stringify(new Date())},"filter":${JSON.stringify(filter)},"conversations":[`;
      let first = true;
      for await (const c of rows) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(c)}`;
        first = false;
      }
      yield '\n]}\n';
    })(),
  );
}

export interface ConversationExport {
  filename: string;
  contentType: string;
  body: Readable;
}

/**
 * An admin's export of the workspace's conversations: checks the role (not_found for a stranger,
 * forbidden for a member), then the query (validation_failed naming `filter` or `format`), records
 * the export in the audit log and returns the stream.
 */
export async function exportConversations(input: { actorUserId: string; workspaceId: string; params: URLSearchParams }): Promise<ConversationExport> {
  const { workspaceId } = input;
  await requireMembership(input.actorUserId, workspaceId, 'admin');
  const query = parseExportQuery(input.params);
  await db().$transaction((tx) =>
    recordAudit(tx, { workspaceId, action: 'conversations.exported', targetType: 'workspace', targetId: workspaceId, actorUserId: input.actorUserId, metadata: { ...query } }),
  );
  const day = new Date().toISOString().slice(0, 10);
  const filename = `conversations-${query.filter}-${day}.${query.format}`;
  if (query.format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', body: csvStream(exportedConversations(workspaceId, query.filter)) };
  return { filename, contentType: 'application/json; charset=utf-8', body: jsonStream(exportedConversations(workspaceId, query.filter, { withMessages: true }), query.filter) };
}
