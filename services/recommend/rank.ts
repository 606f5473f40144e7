// Shared ranking helpers of the recommendation endpoints: filters, histories, packaging.
import { randomFillSync } from 'node:crypto';
import { servingHistory, type History } from '@/ml/recsys/model';
import { categoryRelated, type Universe } from '@/ml/recsys/serve';
import type { EventWeights } from '@/ml/recsys/interactions';
import { cellWeight, type CatalogView, type Cell, type LoadedModel, type WorkspaceState } from './live-models';
import type { Filters } from './schemas';
import type { ServingProfile } from './serving-profile';

export type Endpoint = 'user' | 'session' | 'similar' | 'popular';
const ENDPOINT_CODE: Record<Endpoint, string> = { user: 'u', session: 's', similar: 'i', popular: 'p' };
export const ENDPOINT_OF_CODE: Record<string, Endpoint> = { u: 'user', s: 'session', i: 'similar', p: 'popular' };

// Random suffixes from a pool of CSPRNG bytes refilled 8 KB at a time (as crypto.randomUUID pools):
// one randomBytes call per request cost more than the ranking itself.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pool = Buffer.alloc(8192);
let poolAt = pool.length;

/** A uniform random base62 string (rejection sampling, as randomBase62) from the pooled bytes. */
export function pooledBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    if (poolAt === pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    const b = pool[poolAt++]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 * 62: the draw stays uniform
  }
  return out;
}

/** A recommendation id that carries the serving version and endpoint, so attribution needs no lookup. */
export const newRecommId = (version: number | null, endpoint: Endpoint) => `rec_${version ?? 0}_${ENDPOINT_CODE[endpoint]}_${pooledBase62(12)}`;

export interface RankedItem {
  id: string;
  score: number;
  reason: string;
}

export interface Result {
  recommId: string;
  items: RankedItem[];
  modelVersion: number | null;
}

/** The item ids a result must leave out: explicit exclusions, and seen / purchased items of the history. */
export function excludedIds(f: Filters, history: Map<string, Cell> | undefined, extraExclude: Iterable<string> = []): Set<string> {
  const excluded = new Set<string>(f.excludeItemIds ?? []);
  for (const id of extraExclude) excluded.add(id);
  const excludeSeen = f.excludeSeen ?? true;
  const excludePurchased = f.excludePurchased ?? true;
  if (history) {
    for (const [id, c] of history) if (excludeSeen || (excludePurchased && c.counts[3]! > 0)) excluded.add(id);
  }
  return excluded;
}

/** The item test for an id (catalog lookups): exclusions, not in the catalog or deleted, availability, category, price. */
export function itemFilter(state: WorkspaceState, f: Filters, exclude: Set<string> | Map<string, Cell> | undefined, extraExclude: Iterable<string> = []) {
  const excluded = exclude instanceof Set ? exclude : excludedIds(f, exclude, extraExclude);
  const availableOnly = f.availableOnly ?? true;
  return (id: string): boolean => {
    if (excluded.has(id)) return false;
    const c = state.catalog.get(id);
    // Only catalog items: an event may name any id (a publishable key can send events), and an id
    // known only from events must not be served as if it existed.
    if (!c || c.deleted) return false;
    if (availableOnly && !c.available) return false;
    if (f.category !== undefined && !c.categories.includes(f.category)) return false;
    if (f.minPrice !== undefined && (c.price === null || c.price < f.minPrice)) return false;
    if (f.maxPrice !== undefined && (c.price === null || c.price > f.maxPrice)) return false;
    return true;
  };
}

/** A view's category as a ranking universe: its model items (mask) and the categories they carry (built on first use). */
export function categoryUniverse(view: CatalogView, category: number): Universe {
  let u = view.universes.get(category);
  if (!u) {
    const mask = new Uint8Array(view.flags.length);
    const c = view.categories;
    for (let a = c.byCat[category]!; a < c.byCat[category + 1]!; a++) mask[c.items[a]!] = 1;
    u = { category, mask, related: categoryRelated(c, category) };
    view.universes.set(category, u);
  }
  return u;
}

/**
 * The item test on a model's item indexes, with array lookups only (the hot path): not in the
 * catalog or deleted, availability, category, price, and exclusions (the profile's seen / purchased items and
 * `extraExclude`, marked in the ranker's exclusion array for this request).
 */
export function modelAccept(view: CatalogView, m: LoadedModel, f: Filters, profile: ServingProfile, extraExclude: readonly string[] = []): (i: number) => boolean {
  const ex = m.ranker.excluded;
  const st = m.ranker.exclusionStamp();
  if (f.excludeSeen ?? true) for (const i of profile.seen) ex[i] = st;
  else if (f.excludePurchased ?? true) for (const i of profile.purchased) ex[i] = st;
  for (const list of [f.excludeItemIds ?? [], extraExclude]) {
    for (const id of list) {
      const i = m.index.get(id);
      if (i !== undefined) ex[i] = st;
    }
  }
  const availableOnly = f.availableOnly ?? true;
  let mask: Uint8Array | null = null;
  if (f.category !== undefined) {
    const k = view.categoryIds.get(f.category);
    mask = k === undefined ? new Uint8Array(view.flags.length) : categoryUniverse(view, k).mask;
  }
  const { flags, price } = view;
  const min = f.minPrice;
  const max = f.maxPrice;
  return (i: number) => {
    const fl = flags[i]!;
    // Catalog items only (see itemFilter): model items known only from events are never served.
    if ((fl & 3) !== 1) return false;
    if (availableOnly && !(fl & 4)) return false;
    if (mask && !mask[i]) return false;
    if (min !== undefined && !(price[i]! >= min)) return false;
    if (max !== undefined && !(price[i]! <= max)) return false;
    return ex[i] !== st;
  };
}

/** A history (item ids, oldest first) in a model's index space and weighting. */
export function modelHistory(m: LoadedModel, cells: [string, Cell][]): History {
  const a = m.artifact;
  const w = a.eventWeights as unknown as EventWeights;
  const sorted = cells.slice().sort((x, y) => x[1].first - y[1].first);
  const items: number[] = [];
  const weights: number[] = [];
  let lastTime = -Infinity;
  for (const [id, c] of sorted) {
    const i = m.index.get(id);
    if (c.last > lastTime) lastTime = c.last;
    if (i === undefined) continue;
    items.push(i);
    weights.push(cellWeight(c, w, a.lowRatingsPositive));
  }
  return servingHistory({ items, weights, lastTime: Number.isFinite(lastTime) ? lastTime : Date.now() }, a.binary);
}

/** The best personal items kept per actor: enough for most filters at limit <= 100. */
export const CANDIDATES_PER_ACTOR = 128;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Personalised ranking of a profile with its model (popularity for an empty history), exact: the
 * actor's kept candidates when the filter leaves enough of them, else the sparse pass over the
 * personal set (restricted to the category when one is asked) merged with the base order.
 */
export function rankProfile(m: LoadedModel, view: CatalogView, profile: ServingProfile, f: Filters, extraExclude: readonly string[], limit: number, reason: string): RankedItem[] {
  const r = m.ranker;
  const hist = profile.hist;
  const personal = hist.items.length > 0;
  let category: number | undefined;
  if (f.category !== undefined) {
    category = view.categoryIds.get(f.category);
    if (category === undefined) return []; // no model item is in it
  }
  const accept = modelAccept(view, m, f, profile, extraExclude);
  const time = personal ? hist.lastTime : Date.now();
  const order = category === undefined ? r.order(time) : r.categoryOrder(time, view.categories, category, view.orders);
  let ranked = null;
  if (personal && profile.cached) {
    if (!profile.candidates || profile.candidatesCatalog !== view.catalogVersion) {
      profile.candidates = r.candidates(hist, view.categories, CANDIDATES_PER_ACTOR);
      profile.candidatesCatalog = view.catalogVersion;
    }
    ranked = r.select(profile.candidates, accept, limit, order, time);
  }
  ranked ??= r.rank(hist, view.categories, accept, limit, category === undefined ? null : categoryUniverse(view, category), order);
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
  return fillFromCatalog(state, out, accept, limit, category);
}

/**
 * Tops a short list up with other catalog items (newest ids last), so filters still return
 * something. `category`: accept lets only that category's items through, so only they are walked.
 */
export function fillFromCatalog(state: WorkspaceState, out: RankedItem[], accept: (id: string) => boolean, limit: number, category?: string): RankedItem[] {
  if (out.length >= limit) return out;
  const have = new Set(out.map((r) => r.id));
  for (const id of category === undefined ? state.catalog.keys() : state.catalogIdsIn(category)) {
    if (out.length >= limit) break;
    if (!have.has(id) && accept(id)) out.push({ id, score: 0, reason: 'catalog' });
  }
  return out;
}
