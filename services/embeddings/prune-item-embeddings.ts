import { db } from '@/services/db/client';
import { ITEMS_MISSING_MODEL } from './item-embedding-model';

// Workspaces holding vectors of a model other than `model` ($1), optionally among $2.
const STALE_WORKSPACES = `
SELECT DISTINCT "workspaceId" AS workspace_id FROM "ItemEmbedding"
WHERE "model" <> $1 AND ($2::text[] IS NULL OR "workspaceId" = ANY($2::text[]))`;

// One statement, so the completeness check and the delete see the same snapshot: the old rows go
// only when every live item with text has a vector of the new model.
const PRUNE = `
DELETE FROM "ItemEmbedding"
WHERE "workspaceId" = $1 AND "model" <> $2 AND NOT ${ITEMS_MISSING_MODEL}`;

/**
 * After a model change: deletes the other models' item vectors of each workspace whose items are
 * all embedded by `model` (readers switch to it at that point; see item-embedding-model.ts).
 * Workspaces still re-embedding keep their old vectors. Returns the number of rows deleted.
 */
export async function pruneItemEmbeddings(model: string, opts: { workspaceIds?: readonly string[] } = {}): Promise<number> {
  const workspaces = await db().$queryRawUnsafe<{ workspace_id: string }[]>(STALE_WORKSPACES, model, opts.workspaceIds ? [...opts.workspaceIds] : null);
  let deleted = 0;
  for (const { workspace_id } of workspaces) deleted += await db().$executeRawUnsafe(PRUNE, workspace_id, model);
  return deleted;
}
