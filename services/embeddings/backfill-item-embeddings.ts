import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { enqueue } from '@/services/jobs/enqueue';
import { resolveModel } from '@/ml/runtime/registry';
import { embedItemsJob } from '@/services/worker/jobs/embed-items';
import { embeddingModelTag } from './item-text';

// Live items with some text whose stored vector is missing or was made by another model (or
// version), across workspaces, a bounded number per run.
const MISSING = `
SELECT i."workspaceId" AS workspace_id, i."id" AS item_id
FROM "Item" i
LEFT JOIN "ItemEmbedding" e ON e."workspaceId" = i."workspaceId" AND e."itemId" = i."id"
WHERE i."deletedAt" IS NULL
  AND (e."itemId" IS NULL OR e."model" <> $1)
  AND (coalesce(btrim(i."title"), '') <> '' OR coalesce(btrim(i."description"), '') <> '' OR cardinality(i."categories") > 0)
ORDER BY 1, 2
LIMIT $2`;

/**
 * Enqueues embed-items jobs (1,000 items each) for items without a vector of the configured model:
 * after EMBEDDING_MODEL (or its version) changes, and for items stored before embedding existed.
 * Returns the number of items enqueued (at most `limit` per run; the next run takes the rest).
 */
export async function backfillItemEmbeddings(limit = 20_000): Promise<number> {
  const e = env();
  const tag = embeddingModelTag(resolveModel(e.EMBEDDING_MODEL, 'feature-extraction', { modelsDir: e.MODELS_DIR }));
  const rows = await db().$queryRawUnsafe<{ workspace_id: string; item_id: string }[]>(MISSING, tag, limit);
  const byWorkspace = new Map<string, string[]>();
  for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.item_id]);
  for (const [workspaceId, ids] of byWorkspace) {
    for (let i = 0; i < ids.length; i += 1000) {
      await db().$transaction((tx) => enqueue(tx, embedItemsJob, { workspaceId, itemIds: ids.slice(i, i + 1000) }));
    }
  }
  return rows.length;
}
