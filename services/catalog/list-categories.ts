import { dbRead } from '@/services/db/client';

/** The categories of the workspace's live items with their item counts, largest first (at most `limit`). Read-only. */
export async function listCategories(workspaceId: string, limit = 100) {
  const rows = await dbRead().$queryRaw<{ category: string; count: bigint }[]>`
    SELECT c AS category, count(*) AS count
    FROM "Item", unnest("categories") AS c
    WHERE "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL
    GROUP BY c ORDER BY count(*) DESC, c LIMIT ${limit}`;
  return rows.map((r) => ({ category: r.category, count: Number(r.count) }));
}
