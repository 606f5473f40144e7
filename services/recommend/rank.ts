// Ranking: rank() is the one entry point of personalised ranking (user, visitor or session). It is
// synchronous and takes and returns plain values; the model's scratch space (exclusion marks, the
// personal set, the heap) is lent for the call only, so no two requests can share it, whatever
// awaits their callers add. rankByEvents and fillFromCatalog serve the endpoints without a history.
import type { Catalog } from './serving/catalog';
import { excludedIds, categoryUniverse, itemFilter, modelAccept } from './serving/filters';
import { buildServingProfile } from './serving/serving-profile';
import type { CatalogView, Cell, LoadedModel, ServingProfile } from './serving/types';
import type { WorkspaceState } from './serving/workspace-state';
import type { Filters } from './schemas';

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

export interface RankQuery {
  /** Whose stored history counts: the user's and the visitor's actor keys (null: none). */
  userKey: string | null;
  anonKey: string | null;
  /** Items seen in this session, oldest first (added to any stored history; never returned). */
  recent: readonly string[];
  filters: Filters;
  limit: number;
  /** The reason personalised items carry. */
  reason: 'personalized' | 'session';
}

/** The best CANDIDATES_PER_ACTOR personal items kept per actor: enough for most filters at limit <= 100. */
export const CANDIDATES_PER_ACTOR = 128;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The top `limit` items for a request's history, from the actor's serving model (A/B split
 * applied; popularity of raw events before any model exists), with the filters; a short list is
 * topped up from the catalog. Deleted and unavailable items never come back.
 */
export function rank(state: WorkspaceState, q: RankQuery): { items: RankedItem[]; modelVersion: number | null } {
  const { userKey, anonKey, recent, filters, limit } = q;
  const model = state.modelFor(userKey ?? anonKey ?? recent.join(','));
  let items: RankedItem[];
  let cells: Map<string, Cell> | undefined; // built only when needed
  if (model) {
    // One actor and no session items (the common case): their profile is kept between requests.
    const single = recent.length === 0 && (userKey === null) !== (anonKey === null);
    const profile = single ? state.profileOf(model, (userKey ?? anonKey)!) : buildServingProfile(model, [...(cells = requestCells(state, [userKey, anonKey], recent))], false);
    items = rankWithModel(model, state.viewOf(model), profile, filters, recent, limit, q.reason);
    if (items.length < limit) {
      cells ??= requestCells(state, [userKey, anonKey], recent);
      items = fillFromCatalog(state.catalog, items, itemFilter(state.catalog, filters, excludedIds(filters, cells, recent)), limit, filters.category);
    }
  } else {
    cells = requestCells(state, [userKey, anonKey], recent);
    items = rankByEvents(state, itemFilter(state.catalog, filters, excludedIds(filters, cells, recent)), limit, filters.category);
  }
  return { items, modelVersion: model?.version ?? null };
}

/** The item test of a request (its filters, exclusions and history): for items that ranking did not bring (rules). */
export function requestAccept(state: WorkspaceState, q: Pick<RankQuery, 'userKey' | 'anonKey' | 'recent' | 'filters'>): (id: string) => boolean {
  return itemFilter(state.catalog, q.filters, excludedIds(q.filters, requestCells(state, [q.userKey, q.anonKey], q.recent), q.recent));
}

/** A request's history: the user's events, the visitor's (same item: the visitor's cell), the session's views. */
function requestCells(state: WorkspaceState, keys: (string | null)[], recent: readonly string[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const k of keys) if (k !== null) for (const [id, c] of state.histories.get(k) ?? []) cells.set(id, c);
  const now = Date.now();
  for (const [p, id] of recent.entries()) {
    if (cells.has(id)) continue;
    const counts = new Float32Array(9);
    counts[0] = 1; // a view
    cells.set(id, { counts, first: now - 1000 + p, last: now - 1000 + p });
  }
  return cells;
}

/**
 * Personalised ranking of a profile with its model (popularity for an empty history), exact: the
 * actor's kept candidates when the filter leaves enough of them, else the sparse pass over the
 * personal set (restricted to the category when one is asked) merged with the base order.
 */
function rankWithModel(m: LoadedModel, view: CatalogView, profile: ServingProfile, f: Filters, extraExclude: readonly string[], limit: number, reason: string): RankedItem[] {
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

/** Popularity from raw events (no model yet); `category`: accept lets only that category's items through. */
export function rankByEvents(state: WorkspaceState, accept: (id: string) => boolean, limit: number, category?: string): RankedItem[] {
  const out: RankedItem[] = [];
  const pop = [...state.popularityFallback().entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [id, count] of pop) {
    if (out.length >= limit) break;
    if (accept(id)) out.push({ id, score: count, reason: 'popular' });
  }
  return fillFromCatalog(state.catalog, out, accept, limit, category);
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
