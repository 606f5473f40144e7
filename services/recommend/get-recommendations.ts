import { actorKey } from './load-training-data';
import { newRecommId, type Endpoint } from './recomm-id';
import { rank, type Result } from './rank';
import { applyRules, overFetch } from './rules/apply-rules';
import { liveStateNow } from './serving/registry';
import { WorkspaceState } from './serving/workspace-state';
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
  /** At most this many items per category (default: the workspace's setting, else no cap). */
  maxPerCategory?: number;
  /** Which endpoint asks (recommId and statistics); default `user`, or `session` with recentItemIds. */
  endpoint?: Endpoint;
}

/**
 * Top-N recommendations for a user, a visitor or a session, from the workspace's serving model
 * held in memory (A/B split applied), with filters: category, available only (default), price
 * range, seen and purchased items left out (default), explicit exclusions. Deleted and
 * unavailable items never come back. Unknown users get popular items. Then the workspace's business
 * rules and the diversity cap, when there are any. Records nothing billable:
 * the API route meters each served request (the chat calls this directly and meters its own unit).
 */
export async function getRecommendations(input: GetRecommendationsInput): Promise<Result> {
  const loaded = liveStateNow(input.workspaceId);
  const state = loaded instanceof WorkspaceState ? loaded : await loaded;
  const endpoint: Endpoint = input.endpoint ?? (input.recentItemIds?.length && !input.userId ? 'session' : 'user');
  // The state resolves the request once (model, profile, what follows ranking); rank() reads only that.
  const request = state.resolveRequest({
    userKey: actorKey(input.userId ?? null, null),
    anonKey: actorKey(null, input.anonymousId ?? null),
    recent: input.recentItemIds ?? [],
    filters: { ...input.filters, category: input.category, excludeItemIds: input.excludeItemIds },
    reason: endpoint === 'session' ? 'session' : 'personalized',
    maxPerCategory: input.maxPerCategory,
  });
  // Business rules and the diversity cap re-order a longer ranking (rules/apply-rules.ts).
  const { post } = request;
  const ranked = rank(request, post ? overFetch(input.limit) : input.limit);
  const items = post ? await applyRules(input.workspaceId, ranked.items, post, request.itemTest(), input.limit) : ranked.items;
  return { recommId: newRecommId(ranked.modelVersion, endpoint), items, modelVersion: ranked.modelVersion };
}
