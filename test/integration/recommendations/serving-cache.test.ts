import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { putItems, tenant, type Api } from '@/test/support/catalog';
import { addCategoryScoresCsr, addHistoryScores, addPopularity, topN } from '@/ml/recsys/model';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { liveState } from '@/services/recommend/serving/registry';
import type { WorkspaceState } from '@/services/recommend/serving/workspace-state';
import { modelHistory } from '@/services/recommend/serving/serving-profile';
import type { Filters } from '@/services/recommend/schemas';
import { CATEGORIES, USERS, recs, sendEvents, shopEvents, shopItems, tasteOf, trainNow, trainedShop, userId } from './support';

// The api keeps each actor's serving profile (history in model space, exclusions, best personal
// items) between requests. These tests hold it to three things: cached answers are exactly what
// scoring every item gives; a new event, a promoted version or a catalog change is seen by the
// very next request; memory stays within the budget.

let api: Api;
let t: Awaited<ReturnType<typeof tenant>>;
let state: WorkspaceState;
beforeAll(async () => {
  api = await startApiServer();
  t = await tenant();
  await trainedShop(api, t.key, t.workspaceId);
  state = await liveState(t.workspaceId);
}, 120_000);
afterAll(() => api.close());

/** The dense reference: every item scored, the serving filters, topN (what serving did before profiles). */
function dense(s: WorkspaceState, user: string, f: Filters, limit: number) {
  const m = s.modelFor(user)!;
  const model = m.artifact.model;
  const view = s.viewOf(m);
  const cells = s.histories.get(user) ?? new Map();
  const hist = modelHistory(m, [...cells.entries()]);
  const personal = hist.items.length > 0;
  const out = new Float32Array(model.numItems);
  addPopularity(model, personal ? hist.lastTime : Date.now(), out);
  if (personal) {
    addHistoryScores(model, hist, out);
    if (model.weights.category) addCategoryScoresCsr(out, hist, view.categories, model.pop, model.weights.category);
  }
  const excluded = new Set(f.excludeItemIds ?? []);
  for (const [id, c] of cells) if ((f.excludeSeen ?? true) || ((f.excludePurchased ?? true) && c.counts[3]! > 0)) excluded.add(id);
  const ids = m.artifact.itemIds;
  const accept = (i: number) => {
    const e = s.catalog.get(ids[i]!);
    if (!e || e.deleted || ((f.availableOnly ?? true) && !e.available)) return false;
    if (f.category !== undefined && !e.categories.includes(f.category)) return false;
    if (f.minPrice !== undefined && !(e.price !== null && e.price >= f.minPrice)) return false;
    if (f.maxPrice !== undefined && !(e.price !== null && e.price <= f.maxPrice)) return false;
    return !excluded.has(ids[i]!);
  };
  return topN(out, limit, accept, model.pop).map((i) => ({ id: ids[i]!, score: Math.round(out[i]! * 1e6) / 1e6, reason: personal && out[i]! > 0 ? 'personalized' : 'popular' }));
}

async function served(user: string, f: Filters, limit: number) {
  const { category, excludeItemIds, ...filters } = f;
  return (await getRecommendations({ workspaceId: t.workspaceId, userId: user, limit, category, excludeItemIds, filters })).items;
}

const FILTERS: Filters[] = [
  {},
  { maxPrice: 80 },
  { minPrice: 40, maxPrice: 120 },
  { category: CATEGORIES[1] },
  { category: CATEGORIES[2], maxPrice: 100 },
  { availableOnly: false },
  { excludeSeen: false },
  { excludeSeen: false, excludePurchased: false },
  { excludeItemIds: ['tents-0', 'boots-1', 'stoves-2', 'packs-3'] },
];

describe('serving profiles (kept per actor between requests)', () => {
  it('answer exactly what scoring every item answers, for every user, filter and limit, twice', async () => {
    for (const round of [1, 2]) {
      for (let u = 0; u < USERS; u += 3) {
        for (const [k, f] of FILTERS.entries()) {
          const limit = [1, 5, 10, 40][(u + k) % 4]!;
          const want = dense(state, userId(u), f, limit);
          const got = await served(userId(u), f, limit);
          // A filter can leave fewer scored items than asked: the catalog tops up (reason `catalog`).
          expect(got.slice(0, want.length), `round ${round} ${userId(u)} ${JSON.stringify(f)} ${limit}`).toEqual(want);
        }
      }
    }
    expect(state.profiles.get(userId(0))?.candidates).not.toBeNull();
  });

  it('are kept between requests, and a new event drops only its actor\'s profile', async () => {
    await served(userId(10), {}, 5);
    const before = await served(userId(11), {}, 5);
    const p10 = state.profiles.get(userId(10));
    const p11 = state.profiles.get(userId(11));
    expect(p11).toBeDefined();
    await served(userId(11), { maxPrice: 60 }, 3);
    expect(state.profiles.get(userId(11))).toBe(p11); // reused, not rebuilt

    const top = before[0]!.id;
    await sendEvents(api, t.key, [{ id: `cache-${Date.now()}`, type: 'purchase', userId: userId(11), itemId: top }]);
    expect(state.profiles.get(userId(11))).toBeUndefined(); // dropped by the write's refresh
    expect(state.profiles.get(userId(10))).toBe(p10); // others kept
    const after = await served(userId(11), {}, 10);
    expect(after.map((i) => i.id)).not.toContain(top);
    expect(after).toEqual(dense(state, userId(11), {}, 10));
    // Seen items allowed again: the purchased one still stays out (excludePurchased is on by default).
    expect((await served(userId(11), { excludeSeen: false }, 60)).map((i) => i.id)).not.toContain(top);
  });

  it('follow a catalog change: a deleted item never comes back, though it is among the kept candidates', async () => {
    const u = userId(13);
    const first = await served(u, {}, 3);
    const victim = first[0]!.id;
    const p = state.profiles.get(u)!;
    const m = state.modelFor(u)!;
    expect([...p.candidates!.ids].map((i) => m.artifact.itemIds[i])).toContain(victim);
    expect((await api.request(`/v1/items/${victim}`, { method: 'DELETE', key: t.key })).status).toBe(204);
    for (const f of [{}, { maxPrice: 1000 }, { excludeSeen: false }]) {
      const got = await served(u, f, 40);
      expect(got.map((i) => i.id)).not.toContain(victim);
      expect(got.slice(0, 10)).toEqual(dense(state, u, f, 10));
    }
    const http = await recs(api, t.key, `userId=${u}&limit=100`);
    expect(http.body.items.map((i) => i.id)).not.toContain(victim);
  });

  it('re-score after an item changes category (category affinity depends on it)', async () => {
    const u = 14; // taste: CATEGORIES[u % 4]
    const taste = CATEGORIES[tasteOf(u)]!;
    const m = state.modelFor(userId(u))!;
    // The shop's trained blend has no category part: switch one on, so scores depend on the catalog.
    const weights = m.artifact.model.weights;
    const saved = weights.category;
    weights.category = 2;
    state.dropProfile(userId(u));
    try {
      const before = await served(userId(u), { availableOnly: false }, 100);
      expect(before).toEqual(dense(state, userId(u), { availableOnly: false }, 100));
      expect(state.profiles.get(userId(u))?.candidates).not.toBeNull();
      // The most popular item of another category the user has not seen: moved into their taste too.
      const pop = (id: string) => m.artifact.model.pop[m.index.get(id) ?? -1] ?? 0;
      const seen = new Set(state.histories.get(userId(u))!.keys());
      const moved = shopItems()
        .filter((i) => i.categories[0] !== taste && !seen.has(i.id))
        .sort((a, b) => pop(b.id) - pop(a.id))[0]!;
      expect(pop(moved.id)).toBeGreaterThan(0);
      expect((await putItems(api, t.key, [{ ...moved, categories: [...moved.categories, taste] }])).status).toBe(200);
      const after = await served(userId(u), { availableOnly: false }, 100);
      expect(after).toEqual(dense(state, userId(u), { availableOnly: false }, 100));
      const scoreOf = (list: { id: string; score: number }[]) => list.find((i) => i.id === moved.id)!.score;
      expect(scoreOf(after)).toBeGreaterThan(scoreOf(before));
    } finally {
      weights.category = saved;
      state.dropProfile(userId(u));
    }
  });

  it('top a short category up from that category\'s catalog items only, new ones included', async () => {
    const u = userId(15);
    // tents-14 (price 150) is the only tent at 150 or more, and it is unavailable.
    expect(await served(u, { category: 'tents', minPrice: 150 }, 5)).toEqual([]);
    expect((await served(u, { category: 'tents', minPrice: 150, availableOnly: false }, 5)).map((i) => i.id)).toEqual(['tents-14']);
    // A new tent, not in the model yet: only the catalog top-up can find it.
    expect((await putItems(api, t.key, [{ id: 'tents-new', title: 'new tent', categories: ['tents'], price: 155, available: true }])).status).toBe(200);
    expect(await served(u, { category: 'tents', minPrice: 150 }, 5)).toEqual([{ id: 'tents-new', score: 0, reason: 'catalog' }]);
    expect((await served(u, { category: 'boots', minPrice: 150 }, 5)).map((i) => i.id)).not.toContain('tents-new');
  });

  it('are rebuilt for a newly promoted version', async () => {
    const u = userId(20);
    await served(u, {}, 5);
    const old = state.profiles.get(u)!;
    const oldVersion = old.model.version;
    // More of the same tastes: the new version is not worse, so it is promoted.
    await sendEvents(api, t.key, shopEvents(77).map((e) => ({ ...e, id: `v2-${e.id}`, timestamp: e.timestamp + 3_600_000 })));
    const v2 = await trainNow(t.workspaceId);
    await state.refresh();
    expect(state.settings.activeVersion).toBe(v2);
    const r = await getRecommendations({ workspaceId: t.workspaceId, userId: u, limit: 8 });
    expect(r.modelVersion).toBe(v2);
    const now = state.profiles.get(u)!;
    expect(now).not.toBe(old);
    expect(now.model.version).toBe(v2);
    expect(oldVersion).not.toBe(v2);
    expect(r.items).toEqual(dense(state, u, {}, 8));
  });

  it('stay within their memory budget, oldest first out, answers unchanged', async () => {
    const budget = state.profileBudget;
    try {
      state.profileBudget = 8 * 1024;
      for (let u = 0; u < USERS; u++) await served(userId(u), {}, 4);
      let bytes = 0;
      for (const p of state.profiles.values()) bytes += p.bytes;
      expect(bytes).toBeLessThanOrEqual(8 * 1024);
      expect(state.profiles.size).toBeGreaterThan(3);
      expect(state.profiles.has(userId(USERS - 1))).toBe(true); // the newest stays
      expect(state.profiles.has(userId(0))).toBe(false);
      expect(await served(userId(0), { maxPrice: 90 }, 6)).toEqual(dense(state, userId(0), { maxPrice: 90 }, 6));
    } finally {
      state.profileBudget = budget;
    }
  });
});
