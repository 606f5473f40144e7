// The shapes serving passes between its parts (a leaf: types only, so any part may use them
// without importing another part's code).
import type { RecArtifact } from '@/ml/recsys/artifact';
import type { History, ItemCategoriesCsr } from '@/ml/recsys/model';
import type { Candidates, SparseRanker } from '@/ml/recsys/serve';
import type { Universe } from '@/ml/recsys/universe';

/** What filters need of a catalog item. */
export interface CatalogEntry {
  categories: string[];
  price: number | null;
  available: boolean;
  deleted: boolean;
}

/** A catalog item as the database tail reads it; `ums`: its updatedAt in ms. */
export interface CatalogRow extends CatalogEntry {
  id: string;
  ums: number;
}

/** An item event as the database tail reads it; `ms`: its own time, `rms`: when it was received. */
export interface EventRow {
  id: string;
  u: string | null;
  a: string | null;
  i: string;
  t: string;
  v: number | null;
  ms: number;
  rms: number;
}

/** Counts of one actor's events on one item, by kind (ratings by band), and when. */
export interface Cell {
  counts: Float32Array; // view, click, add_to_cart, purchase, like, dislike, ratingHigh, ratingMid, ratingLow
  first: number;
  last: number;
}

/** Every actor's item history: actor key -> item id -> cell. */
export type Histories = Map<string, Map<string, Cell>>;

export interface LoadedModel {
  version: number;
  artifact: RecArtifact;
  index: Map<string, number>;
  /** The catalog aligned with the model's item indexes (rebuilt when the catalog changes). */
  view: CatalogView | null;
  /** Exact sparse ranking: base vectors and orders per time bucket; scratch is lent per call. */
  ranker: SparseRanker;
  /** The profile of an actor without history under this model (popularity). */
  empty: ServingProfile | null;
}

/** Catalog facts per model index: the hot path filters with array lookups only. */
export interface CatalogView {
  catalogVersion: number;
  /** 1: in the catalog, 2: deleted, 4: available */
  flags: Uint8Array;
  price: Float64Array;
  categories: ItemCategoriesCsr;
  categoryIds: Map<string, number>;
  /** Per category index: its model items as a mask, and the categories they carry (built on first use). */
  universes: Map<number, Universe>;
  /** Per (time bucket, category): the category's items in base order (built on first use). */
  orders: Map<number, Int32Array>;
}

/**
 * What serving needs of one actor under one model, derived from their history: the history in the
 * model's index space and weighting, the items to leave out, and (built on first use, for one
 * catalog version) their best personal items. Kept per actor in the profile cache and dropped
 * when the actor's history changes; a new model version or catalog change rebuilds it.
 */
export interface ServingProfile {
  model: LoadedModel;
  hist: History;
  /** Model indexes of every item in the history, and of the purchased ones. */
  seen: Int32Array;
  purchased: Int32Array;
  /** Whether this profile is kept between requests (its candidates are worth building). */
  cached: boolean;
  candidates: Candidates | null;
  /** The catalog version the candidates were built with (category scores depend on it). */
  candidatesCatalog: number;
  /** Approximate memory held, for the cache's budget. */
  bytes: number;
}
