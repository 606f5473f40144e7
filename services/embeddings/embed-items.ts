import { db } from '@/services/db/client';
import type { EmbeddingModel } from '@/ml/embedding/model';
import { encodeVector } from './item-embeddings';
import { embeddingModelTag, itemText, textHash } from './item-text';

const UPSERT = `
INSERT INTO "ItemEmbedding" ("workspaceId", "itemId", "model", "dims", "vector", "textHash", "updatedAt")
SELECT $1::text, t.item_id, $2::text, $3::int, decode(t.vector_hex, 'hex'), t.text_hash, now()
FROM unnest($4::text[], $5::text[], $6::text[]) AS t(item_id, vector_hex, text_hash)
ON CONFLICT ("workspaceId", "itemId", "model") DO UPDATE SET
  "dims" = EXCLUDED."dims", "vector" = EXCLUDED."vector",
  "textHash" = EXCLUDED."textHash", "updatedAt" = now()`;

export interface EmbedItemsResult {
  embedded: number;
  /** Text and model unchanged since the stored vector. */
  unchanged: number;
  /** Deleted, unknown, or with no text (no title, description or category). */
  skipped: number;
}

/**
 * Computes and stores the embeddings of a workspace's items (title + description + categories)
 * with `model`, in that model's rows: other models' vectors stay (during a model change they keep
 * serving until this model's set is complete; see item-embedding-model.ts). Skips deleted and
 * unknown items, items with no text, and items whose stored vector was made from the same text by
 * the same model and version. Idempotent: safe to retry.
 */
export async function embedItems(workspaceId: string, itemIds: readonly string[], model: EmbeddingModel): Promise<EmbedItemsResult> {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return { embedded: 0, unchanged: 0, skipped: 0 };
  const tag = embeddingModelTag(model.spec);
  const items = await db().item.findMany({
    where: { workspaceId, id: { in: ids }, deletedAt: null },
    select: { id: true, title: true, description: true, categories: true },
  });
  const stored = new Map(
    (
      await db().itemEmbedding.findMany({
        where: { workspaceId, model: tag, itemId: { in: items.map((i) => i.id) } },
        select: { itemId: true, textHash: true },
      })
    ).map((e) => [e.itemId, e]),
  );
  const todo: { id: string; text: string; hash: string }[] = [];
  let unchanged = 0;
  let empty = 0;
  for (const item of items) {
    const text = itemText(item);
    if (!text) {
      empty++;
      continue;
    }
    const hash = textHash(text);
    const prev = stored.get(item.id);
    if (prev?.textHash === hash) unchanged++;
    else todo.push({ id: item.id, text, hash });
  }
  for (let start = 0; start < todo.length; start += 256) {
    const part = todo.slice(start, start + 256);
    const vectors = await model.embed(part.map((t) => t.text));
    const hex = vectors.map((v) => Buffer.from(encodeVector(v.embedding)).toString('hex'));
    await db().$executeRawUnsafe(UPSERT, workspaceId, tag, vectors[0]!.embedding.length, part.map((t) => t.id), hex, part.map((t) => t.hash));
  }
  return { embedded: todo.length, unchanged, skipped: ids.length - items.length + empty };
}
