import { db } from '@/services/db/client';
import type { InboxFilter } from './list-conversations';

/** How many conversations each inbox filter holds (for the filter tabs). */
export async function countInbox(workspaceId: string): Promise<Record<InboxFilter, number>> {
  const [row] = await db().$queryRaw<Record<InboxFilter, bigint>[]>`
    SELECT count(*) AS "all",
           count(*) FILTER (WHERE "status" = 'open') AS "open",
           count(*) FILTER (WHERE "flagged" AND "status" = 'open') AS "flagged",
           count(*) FILTER (WHERE "negativeCount" > 0) AS "negative",
           count(*) FILTER (WHERE "unansweredCount" > 0) AS "unanswered",
           count(*) FILTER (WHERE "status" = 'resolved') AS "resolved"
    FROM "Conversation" WHERE "workspaceId" = ${workspaceId}`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as Record<InboxFilter, number>;
}
