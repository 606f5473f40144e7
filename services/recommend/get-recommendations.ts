import { actorKey } from './load-training-data';
import { liveStateNow, WorkspaceState, type Cell } from './live-models';
import { excludedIds, fillFromCatalog, itemFilter, newRecommId, rankByEvents, rankProfile, type Endpoint, type Result } from './rank';
import { buildServingProfile } from './serving-profile';
import type { Filters } from './schemas';

export interface GetRecommendationsInput {
  workspaceId: string;
  userId?: string;
  /** Events sent with this anonymousId count as history too. */
  anonymousId?: string;
  /** Items seen in this session, oldest first (anonymous sessions; added to any stored history). */
  recentItemIds?: string[];
  limit: number;
  category?: string;
  excludeItemIds?: string[];
  filters?: Omit<Filters, 'category' | 'excludeItemIds'>;
  /** Which endpoint asks (recommId and statistics); default `user`, or `session` with recentItemIds. */
  endpoint?: Endpoint;
}

/** A request's history: the user's events, the visitor's (same item: the visitor's cell), the session's views. */
function requestCells(state: WorkspaceState, keys: (string | null)[], recent: string[]): Map<string, Cell> {
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
 * Top-N recommendations for a user, a visitor or a session, from the workspace's serving model
 * held in memory (A/B split applied), with filters: category, available only (default), price
 * range, seen and purchased items left out (default), explicit exclusions. Deleted and
 * unavailable items never come back. Unknown users get popular items. Records nothing billable:
 * the API route meters each served request (the chat calls this directly and meters its own unit).
 */
export async function getRecommendations(input: GetRecommendationsInput): Promise<Result> {
  const loaded = liveStateNow(input.workspaceId);
  const state = loaded instanceof WorkspaceState ? loaded : await loaded;
  const endpoint: Endpoint = input.endpoint ?? (input.recentItemIds?.length && !input.userId ? 'session' : 'user');
  const recent = input.recentItemIds ?? [];
  const userKey = actorKey(input.userId ?? null, null);
  const anonKey = actorKey(null, input.anonymousId ?? null);
  const filters: Filters = { ...input.filters, category: input.category, excludeItemIds: input.excludeItemIds };
  const model = state.modelFor(userKey ?? anonKey ?? recent.join(','));
  const limit = input.limit;
  let items;
  let cells: Map<string, Cell> | undefined; // built only when needed
  if (model) {
    const view = state.viewOf(model);
    // One actor and no session items (the common case): their profile is kept between requests.
    const single = recent.length === 0 && (userKey === null) !== (anonKey === null);
    const profile = single ? state.profileOf(model, (userKey ?? anonKey)!) : buildServingProfile(model, [...(cells = requestCells(state, [userKey, anonKey], recent))], false);
    items = rankProfile(model, view, profile, filters, recent, limit, endpoint === 'session' ? 'session' : 'personalized');
    if (items.length < limit) {
      cells ??= requestCells(state, [userKey, anonKey], recent);
      items = fillFromCatalog(state, items, itemFilter(state, filters, excludedIds(filters, cells, recent)), limit, filters.category);
    }
  } else {
    cells = requestCells(state, [userKey, anonKey], recent);
    items = rankByEvents(state, itemFilter(state, filters, excludedIds(filters, cells, recent)), limit, filters.category);
  }
  const version = model?.version ?? null;
  return { recommId: newRecommId(version, endpoint), items, modelVersion: version };
}
