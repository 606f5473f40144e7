import { LRUCache } from 'lru-cache';
import { db } from '@/services/db/client';
import { decodeVector } from './item-embeddings';
import { itemEmbeddingSets, readableItemModel, type ModelRows } from './item-embedding-model';

// Exact nearest-neighbour search over a workspace's item embeddings, from an in-process copy of
// its vectors (one Float32Array per workspace and model, ~400 bytes per item at 100 dims) kept up
// to date incrementally: each search first asks Postgres for the (count, newest updatedAt) of each
// model's vectors in the workspace (one index aggregate; during a model change the previous model's
// set serves until the new one is complete: item-embedding-model.ts) and fetches only rows changed since the copy was
// made (with a 5 s overlap, for transactions that committed late with an earlier timestamp); a
// count that no longer adds up (rows deleted) reloads the workspace. Brute force is exact and
// takes ~1 ms per 10,000 items here; past ~200,000 items per workspace an ANN index (usearch,
// hnswlib) would be the next step (docs/ml.md).

export interface SimilarItem {
  itemId: string;
  /** Cosine similarity (vectors are unit length), in [-1, 1]. */
  score: number;
}

interface WorkspaceIndex {
  ids: string[];
  position: Map<string, number>;
  dims: number;
  vectors: Float32Array;
  count: number;
  newest: number;
}

const OVERLAP_MS = 5_000;
const indexes = new LRUCache<string, WorkspaceIndex>({
  maxSize: 512 * 1024 * 1024,
  sizeCalculation: (ix) => Math.max(1, ix.vectors.byteLength + ix.ids.length * 64),
});

function put(ix: WorkspaceIndex, itemId: string, v: Float32Array) {
  if (v.length !== ix.dims) return;
  let at = ix.position.get(itemId);
  if (at === undefined) {
    at = ix.ids.length;
    ix.ids.push(itemId);
    ix.position.set(itemId, at);
    if ((at + 1) * ix.dims > ix.vectors.length) {
      const grown = new Float32Array(Math.max(ix.vectors.length * 2, (at + 1) * ix.dims));
      grown.set(ix.vectors);
      ix.vectors = grown;
    }
  }
  ix.vectors.set(v, at * ix.dims);
}

async function loadIndex(workspaceId: string, model: string, state: ModelRows | undefined): Promise<WorkspaceIndex | undefined> {
  const key = `${workspaceId}\u0000${model}`;
  const count = state?.count ?? 0;
  const newest = state?.newest ?? 0;
  if (count === 0) {
    indexes.delete(key);
    return undefined;
  }
  let ix = indexes.get(key);
  if (ix && ix.count === count && ix.newest === newest) return ix;
  const since = ix ? new Date(ix.newest - OVERLAP_MS) : undefined;
  const rows = await db().itemEmbedding.findMany({
    where: { workspaceId, model, ...(since ? { updatedAt: { gte: since } } : {}) },
    select: { itemId: true, vector: true, dims: true },
  });
  if (!ix) {
    const dims = rows[0]?.dims ?? 0;
    ix = { ids: [], position: new Map(), dims, vectors: new Float32Array(rows.length * dims), count: 0, newest: 0 };
  }
  for (const r of rows) put(ix, r.itemId, decodeVector(r.vector));
  if (ix.ids.length !== count) {
    // Rows were deleted (or the overlap missed one): rebuild from scratch.
    indexes.delete(key);
    return since ? loadIndex(workspaceId, model, state) : ix;
  }
  ix.count = count;
  ix.newest = newest;
  indexes.set(key, ix);
  return ix;
}

/** The k best positions by dot product with `q`, best first (a small sorted buffer: k is small). */
function topK(ix: WorkspaceIndex, q: Float32Array, k: number, skip: (i: number) => boolean): { at: number; score: number }[] {
  const best: { at: number; score: number }[] = [];
  const D = ix.dims;
  const V = ix.vectors;
  for (let i = 0; i < ix.ids.length; i++) {
    if (skip(i)) continue;
    let s = 0;
    const o = i * D;
    for (let d = 0; d < D; d++) s += V[o + d]! * q[d]!;
    if (best.length < k) {
      best.push({ at: i, score: s });
      best.sort((a, b) => b.score - a.score);
    } else if (s > best[k - 1]!.score) {
      best[k - 1] = { at: i, score: s };
      for (let j = k - 1; j > 0 && best[j]!.score > best[j - 1]!.score; j--) [best[j], best[j - 1]] = [best[j - 1]!, best[j]!];
    }
  }
  return best;
}

/**
 * The k items of the workspace whose embeddings are closest (cosine) to an item's, or to a vector
 * (of `opts.model`, by default the model the workspace's vectors are read from: readableItemModel), best first. Never returns the query item itself, items in
 * `excludeIds`, or deleted items. [] when the query item has no embedding yet (the worker embeds
 * items shortly after they are stored) or the vector is zero.
 */
export async function findSimilarItems(
  workspaceId: string,
  query: string | Float32Array | readonly number[],
  k: number,
  opts: { excludeIds?: readonly string[]; model?: string } = {},
): Promise<SimilarItem[]> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  const sets = await itemEmbeddingSets(db(), workspaceId);
  const model = opts.model ?? (await readableItemModel(db(), workspaceId, sets));
  if (!model) return [];
  const ix = await loadIndex(workspaceId, model, sets.find((s) => s.model === model));
  if (!ix) return [];
  let q: Float32Array;
  const exclude = new Set(opts.excludeIds ?? []);
  if (typeof query === 'string') {
    const at = ix.position.get(query);
    if (at === undefined) return [];
    q = ix.vectors.slice(at * ix.dims, (at + 1) * ix.dims);
    exclude.add(query);
  } else {
    if (query.length !== ix.dims) throw new RangeError(`query vector has ${query.length} dimensions; the item embeddings have ${ix.dims}`);
    q = Float32Array.from(query);
  }
  let norm = 0;
  for (const x of q) norm += x * x;
  if (norm === 0) return [];
  if (Math.abs(norm - 1) > 1e-3) for (let d = 0; d < q.length; d++) q[d]! /= Math.sqrt(norm);
  const skipIds = new Set<number>();
  for (const id of exclude) {
    const at = ix.position.get(id);
    if (at !== undefined) skipIds.add(at);
  }
  // Deleted items keep their vector row (a restore needs no re-embedding): candidates are checked
  // against the live catalog, widening the search when some were deleted.
  for (let want = k + 8; ; want *= 4) {
    const candidates = topK(ix, q, Math.min(want, ix.ids.length), (i) => skipIds.has(i));
    const live = new Set(
      (
        await db().item.findMany({
          where: { workspaceId, deletedAt: null, id: { in: candidates.map((c) => ix.ids[c.at]!) } },
          select: { id: true },
        })
      ).map((i) => i.id),
    );
    const out = candidates.filter((c) => live.has(ix.ids[c.at]!)).slice(0, k);
    if (out.length === k || candidates.length + skipIds.size >= ix.ids.length) return out.map((c) => ({ itemId: ix.ids[c.at]!, score: Math.round(c.score * 1e6) / 1e6 }));
  }
}

/** For tests: forget every cached workspace index. */
export const clearSimilarityIndexes = () => indexes.clear();
