import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { currentEmbeddingModelTag } from '@/services/embeddings/item-embedding-model';
import { reembedPassagesJob } from '@/services/knowledge/jobs';

// Workspaces (optionally among $2) with passages of another model than $1, or pending vectors
// left over, and no re-embedding job waiting or running already.
const STALE = `
SELECT DISTINCT c."workspaceId" AS workspace_id FROM "KbChunk" c
WHERE (c."model" <> $1 OR c."pendingModel" IS NOT NULL)
  AND ($2::text[] IS NULL OR c."workspaceId" = ANY($2::text[]))
  AND NOT EXISTS (
    SELECT 1 FROM pgboss.job j
    WHERE j.name = '${reembedPassagesJob.name}' AND j.state IN ('created', 'retry', 'active') AND j.data->>'workspaceId' = c."workspaceId")
ORDER BY 1`;

/**
 * Enqueues a reembed-passages job per workspace whose knowledge base is not (all) embedded by the
 * configured model: after EMBEDDING_MODEL or its version changes. Returns the workspaces enqueued.
 */
export async function backfillPassageEmbeddings(opts: { workspaceIds?: readonly string[] } = {}): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ workspace_id: string }[]>(STALE, currentEmbeddingModelTag(), opts.workspaceIds ? [...opts.workspaceIds] : null);
  for (const { workspace_id } of rows) await db().$transaction((tx) => enqueue(tx, reembedPassagesJob, { workspaceId: workspace_id }));
  return rows.map((r) => r.workspace_id);
}
