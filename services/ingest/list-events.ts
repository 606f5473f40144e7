import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';

export interface EventRow {
  id: string;
  type: string;
  userId: string | null;
  anonymousId: string | null;
  itemId: string | null;
  value: number | null;
  timestamp: Date;
  recommId: string | null;
  properties: unknown;
}

export interface ListEventsQuery {
  type?: string;
  userId?: string;
  /** Events of a visitor known only by an anonymous id. */
  anonymousId?: string;
  itemId?: string;
  /** Only events at or after this time (the dashboard's date range). */
  since?: Date;
  cursor?: string;
  limit?: number;
}

// Opaque keyset cursor: the (timestamp, id) of the last row of the page, base64url JSON.
const encodeCursor = (row: { timestamp: Date; id: string }) =>
  Buffer.from(JSON.stringify([row.timestamp.getTime(), row.id]), 'utf8').toString('base64url');
function decodeCursor(cursor: string): { ms: number; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') return { ms: v[0] as number, id: v[1] };
  } catch {
    // not a cursor of ours
  }
  return null;
}

/**
 * The workspace's events, latest first (by event time, then id), a page at a time, optionally
 * filtered by type, user, anonymous id and item. Read-only; for the dashboard's explorer, item
 * and user pages. A cursor that is not one of ours starts from the latest event.
 */
export async function listEvents(workspaceId: string, query: ListEventsQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const where = [Prisma.sql`"workspaceId" = ${workspaceId}`];
  if (query.type) where.push(Prisma.sql`"type" = ${query.type}`);
  if (query.userId) where.push(Prisma.sql`"userId" = ${query.userId}`);
  if (query.anonymousId) where.push(Prisma.sql`"anonymousId" = ${query.anonymousId}`);
  if (query.itemId) where.push(Prisma.sql`"itemId" = ${query.itemId}`);
  if (query.since) where.push(Prisma.sql`"timestamp" >= ${query.since}`);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (cursor) {
    const at = Prisma.sql`timestamp '1970-01-01' + ${cursor.ms}::float8 * interval '1 millisecond'`;
    // The plain bound lets the (workspaceId, timestamp) index start at the cursor.
    where.push(Prisma.sql`"timestamp" <= ${at}`, Prisma.sql`("timestamp", "id") < (${at}, ${cursor.id})`);
  }
  const rows = await db().$queryRaw<EventRow[]>`
    SELECT "id", "type", "userId", "anonymousId", "itemId", "value", "timestamp", "recommId", "properties"
    FROM "Event" WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY "timestamp" DESC, "id" DESC LIMIT ${limit + 1}`;
  const events = rows.slice(0, limit);
  return { events, nextCursor: rows.length > limit ? encodeCursor(events[events.length - 1]!) : null };
}
