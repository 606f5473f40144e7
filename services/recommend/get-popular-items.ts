import { newRecommId } from './recomm-id';
import { fillFromCatalog, type RankedItem, type Result } from './rank';
import { itemFilter } from './serving/filters';
import { liveState } from './serving/registry';
import { applyRules, overFetch } from './rules/apply-rules';
import type { Filters } from './schemas';

/** `24h`, `7d`, `all` -> milliseconds (null: all time). */
export function windowMs(window: string): number | null {
  if (window === 'all') return null;
  const n = Number(window.slice(0, -1));
  return n * (window.endsWith('h') ? 3_600_000 : 86_400_000);
}

/**
 * Most popular items over a time window (by weighted events whose latest time falls in it), with
 * the usual filters; when the window holds fewer items than asked, all-time popularity tops the
 * list up (reason `popular`), then other catalog items.
 */
export async function getPopularItems(input: { workspaceId: string; limit: number; window: string; filters?: Filters; maxPerCategory?: number }): Promise<Result> {
  const state = await liveState(input.workspaceId);
  // Business rules and the diversity cap re-order a longer list (rules/apply-rules.ts).
  const post = state.postRanking(input.maxPerCategory);
  const limit = post ? overFetch(input.limit) : input.limit;
  const accept = itemFilter(state.catalog, { excludeSeen: false, excludePurchased: false, ...input.filters }, undefined);
  const out: RankedItem[] = [];
  const have = new Set<string>();
  const w = windowMs(input.window);
  for (const [list, reason] of [[state.popularIn(w), w === null ? 'popular' : 'trending'], [state.popularIn(null), 'popular']] as const) {
    for (const [id, score] of list) {
      if (out.length >= limit) break;
      if (have.has(id) || !accept(id)) continue;
      have.add(id);
      out.push({ id, score: Math.round(score * 1e4) / 1e4, reason });
    }
  }
  const ranked = fillFromCatalog(state.catalog, out, accept, limit, input.filters?.category);
  const items = post ? await applyRules(input.workspaceId, ranked, post, accept, input.limit) : ranked;
  const version = state.defaultModel()?.version ?? null;
  return { recommId: newRecommId(version, 'popular'), items, modelVersion: version };
}
