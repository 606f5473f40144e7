import { db } from '@/services/db/client';

/** Event counts by type (all time) for one user or one item of the workspace, most frequent first. Read-only. */
export async function countEventsByType(workspaceId: string, filter: { userId?: string; anonymousId?: string; itemId?: string }) {
  const rows = await db().event.groupBy({
    by: ['type'],
    where: { workspaceId, userId: filter.userId, anonymousId: filter.anonymousId, itemId: filter.itemId },
    _count: { _all: true },
  });
  return rows.map((r) => ({ type: r.type, count: r._count._all })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}
