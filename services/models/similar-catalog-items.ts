import { z } from 'zod';
import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { findSimilarItems } from '@/services/embeddings/find-similar-items';
import { readableItemModel } from '@/services/embeddings/item-embedding-model';

/**
 * For the dashboard playground: the items of the workspace most similar to one of its items (by
 * embedding), with their titles. `embedded: false` when the item has no vector yet (of the model
 * the workspace's vectors are read from: during a model change, the previous one).
 */
export async function similarCatalogItems(workspaceId: string, input: { itemId: unknown; k?: unknown }) {
  const { itemId, k } = parseOrThrow(z.object({ itemId: z.string().trim().min(1, 'Enter an item id').max(200), k: z.coerce.number().int().min(1).max(50).default(5) }), input);
  const item = await db().item.findFirst({ where: { workspaceId, id: itemId, deletedAt: null }, select: { id: true, title: true } });
  if (!item) throw notFound('Item');
  const model = await readableItemModel(db(), workspaceId);
  if (!model) return { item, embedded: false, similar: [] };
  const embedded = (await db().itemEmbedding.count({ where: { workspaceId, itemId, model } })) > 0;
  const similar = await findSimilarItems(workspaceId, itemId, k, { model });
  const titles = new Map(
    (await db().item.findMany({ where: { workspaceId, id: { in: similar.map((s) => s.itemId) } }, select: { id: true, title: true } })).map((i) => [i.id, i.title]),
  );
  return { item, embedded, similar: similar.map((s) => ({ ...s, title: titles.get(s.itemId) ?? null })) };
}
