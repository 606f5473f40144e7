import { db } from '@/services/db/client';
import { toItemOutput } from './schemas';
import type { BrowsedItem } from './browse-items';

/** One item of the workspace for the dashboard, deleted or not (`deletedAt` says); null when there is none. Read-only. */
export async function findItem(workspaceId: string, id: string): Promise<BrowsedItem | null> {
  const row = await db().item.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  return row ? { ...toItemOutput(row), deletedAt: row.deletedAt?.toISOString() ?? null } : null;
}
