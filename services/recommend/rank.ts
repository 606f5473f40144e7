// Ranking: rank() is the one entry point of personalised ranking (user, visitor or session). It is
// synchronous and reads a request the workspace state resolved beforehand (model, catalog view,
// profile, item test: serving/serving-request.ts), asking the state nothing itself. The model's
// scratch space (exclusion marks, the personal set, the heap) is lent for the call only, so no
// two requests can share it, whatever awaits their callers add. rankByEvents and fillFromCatalog
// serve the endpoints without a history.
import type { Catalog } from './serving/catalog';
import { categoryUniverse, modelAccept } from './serving/filters';
import type { ModelSide, ServingRequest } from './serving/serving-request';

export interface RankedItem {
  id: string;
  score: number;
  reason: string;
  /** Catalog fields (returnProperties / includeFields; attach-item-fields.ts). */
  fields?: Record<string, unknown>;
  /** The business rule that moved or added the item (apply-rules.ts). */
  ruleId?: string;
}

export interface Result {
  recommId: string;
  items: RankedItem[];
  modelVersion: number | null;
}

/** The best CANDIDATES_PER_ACTOR personal items kept per actor: enough for most filters at limit <= 100. */
export const CANDIDATES_PER_ACTOR = 128;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The top `limit` items for a request resolved against its workspace's state, from the actor's
 * serving model (A/B split applied; popularity of raw events before any model exists), with the
 * filters; a short list is topped up from the catalog. Deleted and unavailable items never come back.
 */
export function rank(req: ServingRequest, limit: number): { items: RankedItem[]; modelVersion: number | null } {
  const items = req.model ? rankWithModel(req.model, req, limit) : popularByEvents(req.popularity!, req.itemTest(), limit);
  // The item test on ids is built only for a short list (the model's path tests indexes).
  if (items.length < limit) fillFromCatalog(req.catalog, items, req.itemTest(), limit, req.filters.category);
  return { items, modelVersion: req.model?.model.version ?? null };
}

/**
 * Personalised ranking of a profile with its model (popularity for an empty history), exact: the
 * actor's kept candidates when the filter leaves enough of them, else the sparse pass over the
 * personal set (restricted to the category when one is asked) merged with the base order.
 */
function rankWithModel({ model: m, view, profile }: ModelSide, req: ServingRequest, limit: number): RankedItem[] {
  const { filters: f, recent: extraExclude, reason } = req;
  const r = m.ranker;
  const hist = profile.hist;
  const personal = hist.items.length > 0;
  let category: number | undefined;
  if (f.category !== undefined) {
    category = view.categoryIds.get(f.category);
    if (category === undefined) return []; // no model item is in it
  }
  const time = personal ? hist.lastTime : Date.now();
  const order = category === undefined ? r.order(time) : r.categoryOrder(time, view.categories, category, view.orders);
  const ranked = r.withScratch((scratch) => {
    const accept = modelAccept(view, m, f, profile, extraExclude, scratch);
    if (personal && profile.cached) {
      if (!profile.candidates || profile.candidatesCatalog !== view.catalogVersion) {
        profile.candidates = r.candidates(hist, view.categories, CANDIDATES_PER_ACTOR, scratch);
        profile.candidatesCatalog = view.catalogVersion;
      }
      const selected = r.select(profile.candidates, accept, limit, order, time);
      if (selected) return selected;
    }
    return r.rank(hist, view.categories, accept, limit, category === undefined ? null : categoryUniverse(view, category), order, scratch);
  });
  const ids = m.artifact.itemIds;
  const out: RankedItem[] = new Array(ranked.ids.length);
  for (let k = 0; k < ranked.ids.length; k++) {
    const s = ranked.scores[k]!;
    out[k] = { id: ids[ranked.ids[k]!]!, score: round(s), reason: personal && s > 0 ? reason : 'popular' };
  }
  return out;
}

/** Popularity from raw events (no model yet), the most counted first; `accept`: the item test. */
function popularByEvents(popularity: ReadonlyMap<string, number>, accept: (id: string) => boolean, limit: number): RankedItem[] {
  const out: RankedItem[] = [];
  const pop = [...popularity.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [id, count] of pop) {
    if (out.length >= limit) break;
    if (accept(id)) out.push({ id, score: count, reason: 'popular' });
  }
  return out;
}

/** Popularity from raw events topped up from the catalog; `category`: accept lets only that category's items through. */
export function rankByEvents(popularity: ReadonlyMap<string, number>, catalog: Catalog, accept: (id: string) => boolean, limit: number, category?: string): RankedItem[] {
  return fillFromCatalog(catalog, popularByEvents(popularity, accept, limit), accept, limit, category);
}

/**
 * Tops a short list up with other catalog items (newest ids last), so filters still return
 * something. `category`: accept lets only that category's items through, so only they are walked.
 */
export function fillFromCatalog(catalog: Catalog, out: RankedItem[], accept: (id: string) => boolean, limit: number, category?: string): RankedItem[] {
  if (out.length >= limit) return out;
  const have = new Set(out.map((r) => r.id));
  for (const id of category === undefined ? catalog.ids() : catalog.idsIn(category)) {
    if (out.length >= limit) break;
    if (!have.has(id) && accept(id)) out.push({ id, score: 0, reason: 'catalog' });
  }
  return out;
}
