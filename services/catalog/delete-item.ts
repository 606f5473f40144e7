import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';

/**
 * Soft delete: the item disappears from reads, lists and recommendations for good (its events
 * keep their meaning). A later PUT of the same id brings it back. 404 when there is no live item.
 */
export async function deleteItem(workspaceId: string, id: string): Promise<void> {
  const now = new Date();
  const { count } = await db().item.updateMany({
    where: { workspaceId, id, deletedAt: null },
    data: { deletedAt: now, updatedAt: now },
  });
  if (count === 0) throw notFound('Item');
}
