import { actorKey } from './load-training-data';
import { liveState, type Cell } from './live-models';
import { excludedIds, fillFromCatalog, itemFilter, modelFilter, modelHistory, newRecommId, rankByEvents, rankWithModel, type Endpoint, type Result } from './rank';
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

/**
 * Top-N recommendations for a user, a visitor or a session, from the workspace's serving model
 * held in memory (A/B split applied), with filters: category, available only (default), price
 * range, seen and purchased items left out (default), explicit exclusions. Deleted and
 * unavailable items never come back. Unknown users get popular items. Records nothing billable:
 * the API route meters each served request (the chat calls this directly and meters its own unit).
 */
export async function getRecommendations(input: GetRecommendationsInput): Promise<Result> {
  const state = await liveState(input.workspaceId);
  const endpoint: Endpoint = input.endpoint ?? (input.recentItemIds?.length && !input.userId ? 'session' : 'user');
  const keys = [actorKey(input.userId ?? null, null), actorKey(null, input.anonymousId ?? null)].filter((k): k is string => k !== null);
  const cells = new Map<string, Cell>();
  for (const k of keys) for (const [id, c] of state.histories.get(k) ?? []) cells.set(id, c);
  const now = Date.now();
  for (const [p, id] of (input.recentItemIds ?? []).entries()) {
    if (cells.has(id)) continue;
    const counts = new Float32Array(9);
    counts[0] = 1; // a view
    cells.set(id, { counts, first: now - 1000 + p, last: now - 1000 + p });
  }
  const filters: Filters = { ...input.filters, category: input.category, excludeItemIds: input.excludeItemIds };
  const excluded = excludedIds(filters, cells, input.recentItemIds ?? []);
  const accept = itemFilter(state, filters, excluded);
  const model = state.modelFor(keys[0] ?? (input.recentItemIds ?? []).join(','));
  const limit = input.limit;
  let items;
  if (model) {
    const hist = modelHistory(model, [...cells.entries()]);
    const view = state.viewOf(model);
    const fast = modelFilter(view, model, filters, excluded);
    items = rankWithModel(model, view, hist, fast, limit, endpoint === 'session' ? 'session' : 'personalized');
    items = fillFromCatalog(state, items, accept, limit);
  } else items = rankByEvents(state, accept, limit);
  const version = model?.version ?? null;
  return { recommId: newRecommId(version, endpoint), items, modelVersion: version };
}
