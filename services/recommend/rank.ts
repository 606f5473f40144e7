// Shared ranking helpers of the recommendation endpoints: filters, histories, packaging.
import { randomBase62 } from '@/services/ids';
import { addCategoryScoresCsr, addHistoryScores, addPopularity, bucketOf, servingHistory, topN, type History } from '@/ml/recsys/model';
import type { EventWeights } from '@/ml/recsys/interactions';
import { cellWeight, type CatalogView, type Cell, type LoadedModel, type WorkspaceState } from './live-models';
import type { Filters } from './schemas';

export type Endpoint = 'user' | 'session' | 'similar' | 'popular';
const ENDPOINT_CODE: Record<Endpoint, string> = { user: 'u', session: 's', similar: 'i', popular: 'p' };
export const ENDPOINT_OF_CODE: Record<string, Endpoint> = { u: 'user', s: 'session', i: 'similar', p: 'popular' };

/** A recommendation id that carries the serving version and endpoint, so attribution needs no lookup. */
export const newRecommId = (version: number | null, endpoint: Endpoint) => `rec_${version ?? 0}_${ENDPOINT_CODE[endpoint]}_${randomBase62(12)}`;

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

/** The item test for an id (catalog lookups): exclusions, deleted, availability, category, price. */
export function itemFilter(state: WorkspaceState, f: Filters, exclude: Set<string> | Map<string, Cell> | undefined, extraExclude: Iterable<string> = []) {
  const excluded = exclude instanceof Set ? exclude : excludedIds(f, exclude, extraExclude);
  const availableOnly = f.availableOnly ?? true;
  return (id: string): boolean => {
    if (excluded.has(id)) return false;
    const c = state.catalog.get(id);
    if (!c) {
      // Items known only from events: recommendable, but they cannot match a category or price filter.
      return f.category === undefined && f.minPrice === undefined && f.maxPrice === undefined;
    }
    if (c.deleted) return false;
    if (availableOnly && !c.available) return false;
    if (f.category !== undefined && !c.categories.includes(f.category)) return false;
    if (f.minPrice !== undefined && (c.price === null || c.price < f.minPrice)) return false;
    if (f.maxPrice !== undefined && (c.price === null || c.price > f.maxPrice)) return false;
    return true;
  };
}

/** The same test on a model's item indexes, with array lookups only (the hot path). */
export function modelFilter(view: CatalogView, m: LoadedModel, f: Filters, excluded: Set<string>): (i: number) => boolean {
  const ex = new Set<number>();
  for (const id of excluded) {
    const i = m.index.get(id);
    if (i !== undefined) ex.add(i);
  }
  const availableOnly = f.availableOnly ?? true;
  const needsCatalog = f.category !== undefined || f.minPrice !== undefined || f.maxPrice !== undefined;
  let mask: Uint8Array | null = null;
  if (f.category !== undefined) {
    mask = view.masks.get(f.category) ?? null;
    if (!mask) {
      mask = new Uint8Array(view.flags.length);
      const k = view.categoryIds.get(f.category);
      const c = view.categories;
      if (k !== undefined) {
        for (let i = 0; i < mask.length; i++) {
          for (let a = c.ptr[i]!; a < c.ptr[i + 1]!; a++) if (c.idx[a] === k) mask[i] = 1;
        }
      }
      if (view.masks.size > 256) view.masks.clear();
      view.masks.set(f.category, mask);
    }
  }
  const { flags, price } = view;
  const min = f.minPrice;
  const max = f.maxPrice;
  return (i: number) => {
    const fl = flags[i]!;
    if (fl & 2) return false;
    if (!(fl & 1)) {
      if (needsCatalog) return false;
    } else if (availableOnly && !(fl & 4)) return false;
    if (mask && !mask[i]) return false;
    if (min !== undefined && !(price[i]! >= min)) return false;
    if (max !== undefined && !(price[i]! <= max)) return false;
    return !(ex.size > 0 && ex.has(i));
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

const scratch = new Map<number, Float32Array>();
/** A reusable score buffer of n items, starting as a copy of `start` (requests run one at a time). */
function scratchOf(n: number, start: Float32Array): Float32Array {
  let s = scratch.get(n);
  if (!s) {
    s = new Float32Array(n);
    if (scratch.size > 16) scratch.clear();
    scratch.set(n, s);
  }
  s.set(start);
  return s;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The popularity parts of a model for one time bucket (cached on the loaded model). */
function baseVector(m: LoadedModel, time: number): Float32Array {
  const model = m.artifact.model;
  const b = model.popLocal ? bucketOf(model.popLocal, time) : 0;
  let v = m.base[b];
  if (!v) {
    v = new Float32Array(model.numItems);
    addPopularity(model, time, v);
    m.base[b] = v;
  }
  return v;
}

/** Personalised ranking with a model; popularity for an empty history. */
export function rankWithModel(m: LoadedModel, view: CatalogView, hist: History, accept: (i: number) => boolean, limit: number, reason: string): RankedItem[] {
  const model = m.artifact.model;
  const personal = hist.items.length > 0;
  const out = scratchOf(model.numItems, baseVector(m, personal ? hist.lastTime : Date.now()));
  if (personal) {
    addHistoryScores(model, hist, out);
    if (model.weights.category) addCategoryScoresCsr(out, hist, view.categories, model.pop, model.weights.category);
  }
  const ids = m.artifact.itemIds;
  const top = topN(out, limit, accept, model.pop);
  return top.map((i) => ({ id: ids[i]!, score: round(out[i]!), reason: personal && out[i]! > 0 ? reason : 'popular' }));
}

/** Popularity from raw events (no model yet). */
export function rankByEvents(state: WorkspaceState, accept: (id: string) => boolean, limit: number): RankedItem[] {
  const out: RankedItem[] = [];
  const pop = [...state.popularityFallback().entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [id, count] of pop) {
    if (out.length >= limit) break;
    if (accept(id)) out.push({ id, score: count, reason: 'popular' });
  }
  return fillFromCatalog(state, out, accept, limit);
}

/** Tops a short list up with other catalog items (newest ids last), so filters still return something. */
export function fillFromCatalog(state: WorkspaceState, out: RankedItem[], accept: (id: string) => boolean, limit: number): RankedItem[] {
  if (out.length >= limit) return out;
  const have = new Set(out.map((r) => r.id));
  for (const id of state.catalog.keys()) {
    if (out.length >= limit) break;
    if (!have.has(id) && accept(id)) out.push({ id, score: 0, reason: 'catalog' });
  }
  return out;
}
