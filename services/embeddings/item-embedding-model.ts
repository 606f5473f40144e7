// Which model's item vectors a workspace's readers use. ItemEmbedding holds one row per (item,
// model): after a model change (EMBEDDING_MODEL or its version) the backfill re-embeds items in
// the background, and until every live item with text has a vector of the new model, similarity
// search and the recommender keep reading the previous model's set, so they never see a
// half-embedded catalog nor mix vector spaces. Once the new set is complete the backfill deletes
// the old rows (prune-item-embeddings.ts), and the common case is one set and one query.
import { env } from '@/services/config/env';
import type { Db, Tx } from '@/services/db/client';
import { resolveModel } from '@/ml/runtime/registry';
import { embeddingModelTag } from './item-text';
import { embeddingModelFallback } from './embedding-model';

/**
 * The tag (`id@version`) of the embedding model this process writes with: EMBEDDING_MODEL, or the
 * fast model when the configured one could not load here (the backfills then target vectors this
 * process can make, instead of re-enqueueing work that can never complete).
 */
export function currentEmbeddingModelTag(): string {
  const e = env();
  const id = embeddingModelFallback()?.id ?? e.EMBEDDING_MODEL;
  return embeddingModelTag(resolveModel(id, 'feature-extraction', { modelsDir: e.MODELS_DIR }));
}

/** SQL: item `i` has text to embed (title, description or a category). */
export const ITEM_HAS_TEXT = `(coalesce(btrim(i."title"), '') <> '' OR coalesce(btrim(i."description"), '') <> '' OR cardinality(i."categories") > 0)`;

/** SQL ($1 workspace, $2 model tag): some live item with text has no vector of the model. */
export const ITEMS_MISSING_MODEL = `EXISTS (
  SELECT 1 FROM "Item" i
  WHERE i."workspaceId" = $1 AND i."deletedAt" IS NULL AND ${ITEM_HAS_TEXT}
    AND NOT EXISTS (SELECT 1 FROM "ItemEmbedding" e WHERE e."workspaceId" = i."workspaceId" AND e."itemId" = i."id" AND e."model" = $2))`;

export interface ModelRows {
  model: string;
  count: number;
  /** The newest updatedAt among the model's rows (ms since the epoch). */
  newest: number;
}

const BY_MODEL = `
SELECT "model", count(*)::int AS count, max("updatedAt") AS newest
FROM "ItemEmbedding" WHERE "workspaceId" = $1 GROUP BY 1`;

/** Row count and newest update of each model's vectors in the workspace (one index scan). */
export async function itemEmbeddingSets(client: Db | Tx, workspaceId: string): Promise<ModelRows[]> {
  const rows = await client.$queryRawUnsafe<{ model: string; count: number; newest: Date | null }[]>(BY_MODEL, workspaceId);
  return rows.map((r) => ({ model: r.model, count: r.count, newest: r.newest?.getTime() ?? 0 }));
}

/**
 * The model whose vectors the workspace's readers use: the configured model once its set is
 * complete (or when it is the only one), else the previous model (the one with the most rows).
 * null when the workspace has no vectors.
 */
export async function readableItemModel(client: Db | Tx, workspaceId: string, sets?: ModelRows[]): Promise<string | null> {
  const all = sets ?? (await itemEmbeddingSets(client, workspaceId));
  if (all.length <= 1) return all[0]?.model ?? null;
  const current = currentEmbeddingModelTag();
  if (all.some((s) => s.model === current)) {
    const [row] = await client.$queryRawUnsafe<{ missing: boolean }[]>(`SELECT ${ITEMS_MISSING_MODEL} AS missing`, workspaceId, current);
    if (!row?.missing) return current;
  }
  const previous = all.filter((s) => s.model !== current).sort((a, b) => b.count - a.count || a.model.localeCompare(b.model));
  return previous[0]!.model;
}
