import { notFound } from '@/services/errors/app-error';
import { newRecommId } from './recomm-id';
import { fillFromCatalog, rankByEvents, type RankedItem, type Result } from './rank';
import { itemFilter } from './serving/filters';
import { liveState } from './serving/registry';
import { applyRules, overFetch } from './rules/apply-rules';
import { findSimilarItems } from '@/services/embeddings/find-similar-items';
import type { Filters } from './schemas';

/**
 * Items similar to one item: its neighbours in the serving model (people who interacted with it
 * also interacted with these; content neighbours for cold items), for an item newer than the model
 * its nearest items by embedding, then popular items of its
 * categories. 404 when the item is not in the catalog or deleted. Records nothing billable (see getRecommendations).
 */
export async function getSimilarItems(input: { workspaceId: string; itemId: string; limit: number; filters?: Omit<Filters, 'excludeItemIds'>; maxPerCategory?: number }): Promise<Result> {
  const state = await liveState(input.workspaceId);
  // Business rules and the diversity cap re-order a longer list (rules/apply-rules.ts).
  const post = state.postRanking(input.maxPerCategory);
  const limit = post ? overFetch(input.limit) : input.limit;
  const entry = state.catalog.get(input.itemId);
  const model = state.defaultModel();
  const inModel = model?.index.get(input.itemId);
  // As GET /v1/items/{id}: an id known only from events (or a model trained on them) is unknown.
  if (!entry || entry.deleted) throw notFound('Item');
  const accept = itemFilter(state.catalog, { ...input.filters, excludeSeen: false, excludePurchased: false }, undefined, [input.itemId]);
  const out: RankedItem[] = [];
  if (model && inModel !== undefined) {
    const s = model.artifact.model.similar;
    const ids = model.artifact.itemIds;
    const pairs: [number, number][] = [];
    for (let a = s.ptr[inModel]!; a < s.ptr[inModel + 1]!; a++) pairs.push([s.idx[a]!, s.val[a]!]);
    pairs.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    for (const [j, v] of pairs) {
      if (out.length >= limit) break;
      if (accept(ids[j]!)) out.push({ id: ids[j]!, score: Math.round(v * 1e6) / 1e6, reason: 'similar_items' });
    }
  }
  if (out.length < limit && inModel === undefined) {
    // An item the model does not know yet (added since the last training): its nearest items by
    // embedding, available as soon as the embed-items job stored its vector, without retraining.
    for (const n of await findSimilarItems(input.workspaceId, input.itemId, overFetch(limit))) {
      if (out.length >= limit) break;
      if (n.score > 0 && accept(n.itemId)) out.push({ id: n.itemId, score: Math.round(n.score * 1e6) / 1e6, reason: 'content' });
    }
  }
  if (out.length < limit && entry && entry.categories.length > 0) {
    // Then popular items sharing a category.
    const cats = new Set(entry.categories);
    const have = new Set(out.map((r) => r.id));
    const more = rankByEvents(state.popularityFallback(), state.catalog, (id) => !have.has(id) && accept(id) && (state.catalog.get(id)?.categories.some((c) => cats.has(c)) ?? false), limit - out.length);
    out.push(...more.map((r) => ({ ...r, reason: r.reason === 'catalog' ? 'same_category' : 'popular_in_category' })));
  }
  const ranked = fillFromCatalog(state.catalog, out, accept, limit, input.filters?.category);
  const items = post ? await applyRules(input.workspaceId, ranked, post, accept, input.limit) : ranked;
  const version = model?.version ?? null;
  return { recommId: newRecommId(version, 'similar'), items, modelVersion: version };
}
