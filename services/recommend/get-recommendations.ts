import { actorKey } from './load-training-data';
import { newRecommId, type Endpoint } from './recomm-id';
import { rank, type Result } from './rank';
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
  const loaded = liveStateNow(input.workspaceId);
  const state = loaded instanceof WorkspaceState ? loaded : await loaded;
  const endpoint: Endpoint = input.endpoint ?? (input.recentItemIds?.length && !input.userId ? 'session' : 'user');
  const { items, modelVersion } = rank(state, {
    userKey: actorKey(input.userId ?? null, null),
    anonKey: actorKey(null, input.anonymousId ?? null),
    recent: input.recentItemIds ?? [],
    filters: { ...input.filters, category: input.category, excludeItemIds: input.excludeItemIds },
    limit: input.limit,
    reason: endpoint === 'session' ? 'session' : 'personalized',
  });
  return { recommId: newRecommId(modelVersion, endpoint), items, modelVersion };
}
