// The item tests of a request's filters: on item ids (catalog lookups), and on a model's item
// indexes (array lookups only, the hot path).
import { categoryRelated, type Universe } from '@/ml/recsys/universe';
import type { RankScratch } from '@/ml/recsys/rank-scratch';
import type { Filters } from '../schemas';
import type { Catalog } from './catalog';
import type { CatalogView, Cell, LoadedModel, ServingProfile } from './types';

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
export function itemFilter(catalog: Catalog, f: Filters, exclude: Set<string> | Map<string, Cell> | undefined, extraExclude: Iterable<string> = []) {
  const excluded = exclude instanceof Set ? exclude : excludedIds(f, exclude, extraExclude);
  const availableOnly = f.availableOnly ?? true;
  return (id: string): boolean => {
    if (excluded.has(id)) return false;
    const c = catalog.get(id);
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
 * catalog or deleted, availability, category, price, and exclusions (the profile's seen /
 * purchased items and `extraExclude`, marked in the scratch's exclusion array for this call: the
 * test is valid only while the scratch is lent).
 */
export function modelAccept(view: CatalogView, m: LoadedModel, f: Filters, profile: ServingProfile, extraExclude: readonly string[], scratch: RankScratch): (i: number) => boolean {
  const ex = scratch.excluded;
  const st = scratch.exclusionStamp();
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
