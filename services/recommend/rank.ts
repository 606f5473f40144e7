// Shared ranking helpers of the recommendation endpoints: filters, histories, packaging.
import { randomBase62 } from '@/services/ids';
import { scoreHistory, topN, addPopularity, type History } from '@/ml/recsys/model';
import { servingHistory } from '@/ml/recsys/train';
import type { EventWeights } from '@/ml/recsys/interactions';
import { cellWeight, type Cell, type LoadedModel, type WorkspaceState } from './live-models';
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

/** The item ids a result must leave out, and the item test for the remaining filters. */
export function itemFilter(state: WorkspaceState, f: Filters, history: Map<string, Cell> | undefined, extraExclude: Iterable<string> = []) {
  const excluded = new Set<string>(f.excludeItemIds ?? []);
  for (const id of extraExclude) excluded.add(id);
  const excludeSeen = f.excludeSeen ?? true;
  const excludePurchased = f.excludePurchased ?? true;
  if (history) {
    for (const [id, c] of history) if (excludeSeen || (excludePurchased && c.counts[3]! > 0)) excluded.add(id);
  }
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
function scratchOf(n: number): Float32Array {
  let s = scratch.get(n);
  if (!s) {
    s = new Float32Array(n);
    if (scratch.size > 16) scratch.clear();
    scratch.set(n, s);
  }
  s.fill(0);
  return s;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Personalised ranking with a model; popularity for an empty history. */
export function rankWithModel(m: LoadedModel, hist: History, accept: (id: string) => boolean, limit: number, reason: string): RankedItem[] {
  const model = m.artifact.model;
  const out = scratchOf(model.numItems);
  const personal = hist.items.length > 0;
  if (personal) scoreHistory(model, hist, out, model.weights.category ? m.cats : undefined);
  else addPopularity(model, Date.now(), out);
  const ids = m.artifact.itemIds;
  const top = topN(out, limit, (i) => accept(ids[i]!), model.pop);
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
