import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';

export const INBOX_FILTERS = ['all', 'open', 'flagged', 'negative', 'unanswered', 'resolved'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export interface InboxRow {
  id: string;
  preview: string | null;
  userId: string | null;
  status: string;
  flagged: boolean;
  flagReason: string | null;
  contactEmail: string | null;
  lastSentiment: string | null;
  negativeCount: number;
  unansweredCount: number;
  messageCount: number;
  createdAt: Date;
  lastMessageAt: Date;
}

const FILTERS: Record<InboxFilter, Prisma.Sql> = {
  all: Prisma.sql`TRUE`,
  open: Prisma.sql`"status" = 'open'`,
  // "Needs a person": flagged and not yet resolved.
  flagged: Prisma.sql`"flagged" AND "status" = 'open'`,
  negative: Prisma.sql`"negativeCount" > 0`,
  unanswered: Prisma.sql`"unansweredCount" > 0`,
  resolved: Prisma.sql`"status" = 'resolved'`,
};

const encodeCursor = (r: { lastMessageAt: Date; id: string }) => Buffer.from(`${r.lastMessageAt.toISOString()}|${r.id}`).toString('base64url');
function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  return id && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
}

/** The inbox: conversations, latest activity first, filtered, a page at a time (keyset). */
export async function listConversations(workspaceId: string, opts: { filter?: InboxFilter; cursor?: string; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const where = [Prisma.sql`"workspaceId" = ${workspaceId}`, FILTERS[opts.filter ?? 'all']];
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  if (after) where.push(Prisma.sql`("lastMessageAt", "id") < (${after.at}, ${after.id})`);
  const rows = await db().$queryRaw<InboxRow[]>`
    SELECT "id", "preview", "userId", "status", "flagged", "flagReason", "contactEmail", "lastSentiment", "negativeCount",
           "unansweredCount", "messageCount", "createdAt", "lastMessageAt"
    FROM "Conversation" WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return { conversations: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}
