// One recommendation request resolved against a workspace's state (WorkspaceState.resolveRequest), once:
// rank() and the business rules read it and ask the state nothing more. What most requests never
// need (the request's history cells, its item test on ids) is built on first use.
import type { PostRanking } from '../rules/schemas';
import type { Filters } from '../schemas';
import type { Catalog } from './catalog';
import { excludedIds, itemFilter } from './filters';
import type { CatalogView, Cell, Histories, LoadedModel, ServingProfile } from './types';

/** What a request asks: whose history, which filters, the reason its personal items carry. */
export interface RequestQuery {
  /** Whose stored history counts: the user's and the visitor's actor keys (null: none). */
  userKey: string | null;
  anonKey: string | null;
  /** Items seen in this session, oldest first (added to any stored history; never returned). */
  recent: readonly string[];
  filters: Filters;
  /** The reason personalised items carry. */
  reason: 'personalized' | 'session';
  /** At most this many items per category (default: the workspace's setting, else no cap). */
  maxPerCategory?: number;
}

/** The actor's model (A/B split applied), the catalog as its indexes see it, and the request's profile. */
export interface ModelSide {
  model: LoadedModel;
  view: CatalogView;
  profile: ServingProfile;
}

/**
 * A request as the state resolved it. Its history cells and item test on ids are built on first
 * use and kept (no closure per request: most requests never need them).
 */
export class ServingRequest {
  readonly filters: Filters;
  readonly recent: readonly string[];
  readonly reason: string;
  private test: ((id: string) => boolean) | undefined;

  constructor(
    private readonly query: RequestQuery,
    /** Null before any model is trained: popularity of raw events then. */
    readonly model: ModelSide | null,
    /** Counts per item over all histories (only when there is no model). */
    readonly popularity: ReadonlyMap<string, number> | null,
    /** What the list needs after ranking (rules, a diversity cap), or null (the common case). */
    readonly post: PostRanking | null,
    readonly catalog: Catalog,
    private readonly histories: Histories,
    /** The request's history, when resolving it needed it already. */
    private cells: Map<string, Cell> | undefined,
  ) {
    this.filters = query.filters;
    this.recent = query.recent;
    this.reason = query.reason;
  }

  /** The item test on ids (filters, exclusions, the request's history): catalog top-up, event popularity, rules. */
  itemTest(): (id: string) => boolean {
    this.cells ??= requestCells(this.histories, this.query);
    return (this.test ??= itemFilter(this.catalog, this.filters, excludedIds(this.filters, this.cells, this.recent)));
  }
}

/** A request's history: the user's events, the visitor's (same item: the visitor's cell), the session's views. */
export function requestCells(histories: Histories, q: RequestQuery): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const k of [q.userKey, q.anonKey]) if (k !== null) for (const [id, c] of histories.get(k) ?? []) cells.set(id, c);
  const now = Date.now();
  for (const [p, id] of q.recent.entries()) {
    if (cells.has(id)) continue;
    const counts = new Float32Array(9);
    counts[0] = 1; // a view
    cells.set(id, { counts, first: now - 1000 + p, last: now - 1000 + p });
  }
  return cells;
}
