import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { embedItemsJob } from '@/services/embeddings/jobs';
import { currentEmbeddingModelTag, ITEM_HAS_TEXT } from './item-embedding-model';
import { pruneItemEmbeddings } from './prune-item-embeddings';

// Live items with some text and no vector of the configured model (or version), across
// workspaces (or among $3), a bounded number per run.
const MISSING = `
SELECT i."workspaceId" AS workspace_id, i."id" AS item_id
FROM "Item" i
WHERE i."deletedAt" IS NULL AND ${ITEM_HAS_TEXT}
  AND ($3::text[] IS NULL OR i."workspaceId" = ANY($3::text[]))
  AND NOT EXISTS (SELECT 1 FROM "ItemEmbedding" e WHERE e."workspaceId" = i."workspaceId" AND e."itemId" = i."id" AND e."model" = $1)
ORDER BY 1, 2
LIMIT $2`;

export interface BackfillResult {
  /** Items enqueued for embedding (at most `limit` per run; the next run takes the rest). */
  enqueued: number;
  /** Vectors of other models deleted from workspaces whose items are all embedded by the configured one. */
  pruned: number;
}

/**
 * Enqueues embed-items jobs (1,000 items each) for items without a vector of the configured model:
 * after EMBEDDING_MODEL (or its version) changes, and for items stored before embedding existed.
 * The old model's vectors keep serving meanwhile; once a workspace's items are all re-embedded,
 * its old vectors are deleted. `workspaceIds` limits the run to those workspaces.
 */
export async function backfillItemEmbeddings(limit = 20_000, opts: { workspaceIds?: readonly string[] } = {}): Promise<BackfillResult> {
  const tag = currentEmbeddingModelTag();
  const pruned = await pruneItemEmbeddings(tag, opts);
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const rows = await db().$queryRawUnsafe<{ workspace_id: string; item_id: string }[]>(MISSING, tag, limit, scope);
  const byWorkspace = new Map<string, string[]>();
  for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.item_id]);
  for (const [workspaceId, ids] of byWorkspace) {
    for (let i = 0; i < ids.length; i += 1000) {
      await db().$transaction((tx) => enqueue(tx, embedItemsJob, { workspaceId, itemIds: ids.slice(i, i + 1000) }));
    }
  }
  return { enqueued: rows.length, pruned };
}
