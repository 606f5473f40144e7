import { db } from '@/services/db/client';

/** Titles, categories and prices of items (for previews), by id; deleted items included and marked. */
export async function describeItems(workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { title: string | null; categories: string[]; price: number | null; deleted: boolean }>();
  const rows = await db().item.findMany({
    where: { workspaceId, id: { in: ids } },
    select: { id: true, title: true, categories: true, price: true, deletedAt: true },
  });
  return new Map(rows.map((r) => [r.id, { title: r.title, categories: r.categories, price: r.price, deleted: r.deletedAt !== null }]));
}
