import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, tenant, type Api } from '@/test/support/catalog';
import { buildKey } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { CATEGORIES, ITEMS_PER_CATEGORY, USERS, itemId, recs, sendEvents, shopEvents, tasteOf, trainedShop, userId } from './support';

let api: Api;
let t: Awaited<ReturnType<typeof tenant>>;
let version: number;
beforeAll(async () => {
  api = await startApiServer();
  t = await tenant();
  version = await trainedShop(api, t.key, t.workspaceId);
}, 120_000);
afterAll(() => api.close());

const categoryOf = (id: string) => id.split('-')[0];
const seenBy = (u: number) => new Set(shopEvents().filter((e) => e.userId === userId(u)).map((e) => e.itemId));

describe('GET /v1/recommendations', () => {
  it('recommends from the user\'s taste, leaves out what they saw, and says which model served', async () => {
    let inTaste = 0;
    let total = 0;
    for (let u = 0; u < 12; u++) {
      const { status, body } = await recs(api, t.key, `userId=${userId(u)}&limit=5`);
      expect(status).toBe(200);
      expect(body.modelVersion).toBe(version);
      expect(body.recommId).toMatch(new RegExp(`^rec_${version}_u_[0-9A-Za-z]{12}$`));
      expect(body.items).toHaveLength(5);
      const seen = seenBy(u);
      for (const it of body.items) {
        expect(seen.has(it.id)).toBe(false);
        if (categoryOf(it.id) === CATEGORIES[tasteOf(u)]) inTaste++;
        total++;
      }
      expect(body.items[0]!.reason).toBe('personalized');
      // Best first.
      const scores = body.items.map((i) => i.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    expect(inTaste / total).toBeGreaterThan(0.7);
  });

  it('gives an unknown user popular items, never an error', async () => {
    const { status, body } = await recs(api, t.key, 'userId=nobody-knows-me&limit=7');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(7);
    expect(body.items.every((i) => i.reason === 'popular')).toBe(true);
    const none = await recs(api, t.key, 'limit=3');
    expect(none.status).toBe(200);
    expect(none.body.items).toHaveLength(3);
  });

  it('applies filters: category, price range, exclusions, available only', async () => {
    const u = 0;
    const cat = CATEGORIES[(tasteOf(u) + 2) % 4]!;
    const byCat = await recs(api, t.key, `userId=${userId(u)}&limit=10&category=${cat}`);
    expect(byCat.body.items.length).toBeGreaterThan(0);
    expect(byCat.body.items.every((i) => categoryOf(i.id) === cat)).toBe(true);

    const priced = await recs(api, t.key, `userId=${userId(u)}&limit=20&minPrice=30&maxPrice=60`);
    expect(priced.body.items.length).toBeGreaterThan(0);
    for (const it of priced.body.items) {
      const k = Number(it.id.split('-')[1]);
      expect(10 * (k + 1)).toBeGreaterThanOrEqual(30);
      expect(10 * (k + 1)).toBeLessThanOrEqual(60);
    }
    const first = (await recs(api, t.key, `userId=${userId(u)}&limit=3`)).body.items.map((i) => i.id);
    const excluded = await recs(api, t.key, `userId=${userId(u)}&limit=10&excludeItemIds=${first.join(',')}`);
    expect(excluded.body.items.some((i) => first.includes(i.id))).toBe(false);

    // The unavailable item of each category never comes back, however many are asked for.
    const all = await recs(api, t.key, `userId=${userId(u)}&limit=100`);
    expect(all.body.items.some((i) => i.id.endsWith(`-${ITEMS_PER_CATEGORY - 1}`))).toBe(false);
    const withUnavailable = await recs(api, t.key, `userId=${userId(u)}&limit=100&availableOnly=false`);
    expect(withUnavailable.body.items.some((i) => i.id.endsWith(`-${ITEMS_PER_CATEGORY - 1}`))).toBe(true);

    // excludeSeen=false lets seen items back, but purchased ones stay out by default.
    const events = shopEvents().filter((e) => e.userId === userId(u));
    const purchased = new Set(events.filter((e) => e.type === 'purchase').map((e) => e.itemId));
    const seenOk = await recs(api, t.key, `userId=${userId(u)}&limit=100&excludeSeen=false`);
    const ids = new Set(seenOk.body.items.map((i) => i.id));
    expect([...seenBy(u)].some((id) => !purchased.has(id) && ids.has(id))).toBe(true);
    for (const p of purchased) expect(ids.has(p)).toBe(false);
  });

  it('follows new events without retraining: a just-purchased item disappears at once', async () => {
    const u = 5;
    const before = await recs(api, t.key, `userId=${userId(u)}&limit=3`);
    const top = before.body.items[0]!.id;
    await sendEvents(api, t.key, [{ id: `fresh-${Date.now()}`, type: 'purchase', userId: userId(u), itemId: top }]);
    const after = await recs(api, t.key, `userId=${userId(u)}&limit=10`);
    expect(after.body.items.map((i) => i.id)).not.toContain(top);
  });

  it('never returns a deleted item, from the moment it is deleted', async () => {
    const u = 2;
    const before = await recs(api, t.key, `userId=${userId(u)}&limit=2`);
    const victim = before.body.items[0]!.id;
    const del = await api.request(`/v1/items/${victim}`, { method: 'DELETE', key: t.key });
    expect(del.status).toBe(204);
    for (const q of [`userId=${userId(u)}&limit=100`, 'limit=100', `userId=${userId(u + 4)}&limit=100`]) {
      const r = await recs(api, t.key, q);
      expect(r.body.items.map((i) => i.id)).not.toContain(victim);
    }
    const popular = await api.request('/v1/popular?limit=100&window=all', { key: t.key });
    expect(((await popular.json()) as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(victim);
    const similar = await api.request(`/v1/items/${victim}/similar`, { key: t.key });
    expect(similar.status).toBe(404);
  });

  it('meters one unit per request served and counts impressions per version and endpoint', async () => {
    const u = await tenant();
    await trainedShop(api, u.key, u.workspaceId);
    for (let i = 0; i < 3; i++) expect((await recs(api, u.key, `userId=${userId(i)}&limit=4`)).status).toBe(200);
    expect((await api.request('/v1/popular?limit=2', { key: u.key })).status).toBe(200);
    expect((await recs(api, u.key, 'limit=0')).status).toBe(400); // refused: not billed
    const usage = await getUsageSummary(u.workspaceId);
    expect(usage.meters.recommendations).toBe(4);
    const stats = await db().recServeStat.findMany({ where: { workspaceId: u.workspaceId }, orderBy: { endpoint: 'asc' } });
    expect(stats.map((s) => [s.endpoint, s.requests, s.items])).toEqual([
      ['popular', 1, 2],
      ['user', 3, 12],
    ]);
  });
});

describe('POST /v1/recommendations (sessions)', () => {
  it('ranks for the items seen in a session, leaving those out', async () => {
    const c = 1;
    const recent = [itemId(c, 0), itemId(c, 1), itemId(c, 2)];
    const res = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: recent, limit: 6 }), key: t.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recommId: string; items: { id: string; reason: string }[] };
    expect(body.recommId).toMatch(/^rec_\d+_s_/);
    expect(body.items).toHaveLength(6);
    expect(body.items.some((i) => recent.includes(i.id))).toBe(false);
    expect(body.items.filter((i) => categoryOf(i.id) === CATEGORIES[c]).length).toBeGreaterThanOrEqual(4);
    expect(body.items[0]!.reason).toBe('session');
  });

  it('applies the filters of the body', async () => {
    const res = await api.request('/v1/recommendations', {
      ...json('POST', { recentItemIds: [itemId(0, 0)], limit: 5, filters: { category: 'stoves', maxPrice: 50 } }),
      key: t.key,
    });
    const body = (await res.json()) as { items: { id: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
    for (const it of body.items) {
      expect(categoryOf(it.id)).toBe('stoves');
      expect(10 * (Number(it.id.split('-')[1]) + 1)).toBeLessThanOrEqual(50);
    }
  });
});

describe('GET /v1/items/:id/similar and GET /v1/popular', () => {
  it('finds items of the same taste as similar, and 404s for unknown items', async () => {
    const res = await api.request(`/v1/items/${itemId(3, 0)}/similar?limit=5`, { key: t.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recommId: string; items: { id: string; reason: string }[] };
    expect(body.recommId).toMatch(/^rec_\d+_i_/);
    expect(body.items.map((i) => i.id)).not.toContain(itemId(3, 0));
    expect(body.items.filter((i) => categoryOf(i.id) === CATEGORIES[3]).length).toBeGreaterThanOrEqual(4);
    const missing = await api.request('/v1/items/no-such-item/similar', { key: t.key });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('ranks popular items, by category', async () => {
    const res = await api.request('/v1/popular?limit=5&category=boots&window=7d', { key: t.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; score: number }[] };
    expect(body.items).toHaveLength(5);
    expect(body.items.every((i) => categoryOf(i.id) === 'boots')).toBe(true);
    // The generator favours low k: the most popular boot is among the first few.
    expect(Number(body.items[0]!.id.split('-')[1])).toBeLessThan(4);
  });
});

describe('tenancy and bad input', () => {
  it('keeps every workspace to itself', async () => {
    const other = await tenant();
    const r = await recs(api, other.key, `userId=${userId(0)}&limit=10`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
    expect(r.body.modelVersion).toBeNull();
    expect((await api.request(`/v1/items/${itemId(0, 1)}/similar`, { key: other.key })).status).toBe(404);
    const pop = await api.request('/v1/popular?limit=10&window=all', { key: other.key });
    expect(((await pop.json()) as { items: unknown[] }).items).toEqual([]);
    const s = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: [itemId(0, 1)], limit: 5 }), key: other.key });
    expect(((await s.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('serves browsers with a publishable key from an allowed origin only', async () => {
    const { key } = await buildKey(t.owner, { type: 'publishable', allowedOrigins: ['https://shop.example'] });
    const ok = await api.request(`/v1/recommendations?userId=${userId(1)}&limit=3`, { key, headers: { Origin: 'https://shop.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const elsewhere = await api.request(`/v1/recommendations?userId=${userId(1)}&limit=3`, { key, headers: { Origin: 'https://evil.example' } });
    expect(elsewhere.status).toBe(403);
    const train = await api.request('/v1/models/train', { method: 'POST', key, headers: { Origin: 'https://shop.example' } });
    expect(train.status).toBe(403);
  });

  it('forgets an erased user at once: they get popular items', async () => {
    const u = 7;
    expect((await recs(api, t.key, `userId=${userId(u)}&limit=3`)).body.items[0]!.reason).toBe('personalized');
    expect((await api.request(`/v1/users/${userId(u)}`, { method: 'DELETE', key: t.key })).status).toBe(200);
    const after = await recs(api, t.key, `userId=${userId(u)}&limit=3`);
    expect(after.body.items.every((i) => i.reason === 'popular')).toBe(true);
  });

  it('answers 4xx with the one error shape for bad parameters', async () => {
    const bad = [
      '/v1/recommendations?limit=0',
      '/v1/recommendations?limit=10000',
      '/v1/recommendations?limit=abc',
      '/v1/recommendations?color=red',
      '/v1/recommendations?userId=',
      `/v1/recommendations?userId=${'x'.repeat(201)}`,
      '/v1/recommendations?userId=%00bad',
      '/v1/recommendations?minPrice=10&maxPrice=5',
      '/v1/recommendations?minPrice=-1',
      '/v1/recommendations?availableOnly=maybe',
      '/v1/popular?window=5y',
      '/v1/popular?limit=101',
      `/v1/items/${itemId(0, 0)}/similar?limit=0`,
      `/v1/items/${itemId(0, 0)}/similar?foo=1`,
    ];
    for (const path of bad) {
      const res = await api.request(path, { key: t.key });
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown[] } };
      expect(body.error.code, path).toBe('validation_failed');
      expect(body.error.details.length, path).toBeGreaterThan(0);
    }
    for (const body of [{ recentItemIds: 'x' }, { limit: 0 }, { recentItemIds: [], filters: { colour: 'red' } }, { recentItemIds: Array.from({ length: 101 }, (_x, i) => `i${i}`) }, { nope: 1 }]) {
      const res = await api.request('/v1/recommendations', { ...json('POST', body), key: t.key });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const badJson = await api.request('/v1/recommendations', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' }, key: t.key });
    expect(badJson.status).toBe(400);
    expect((await api.request('/v1/recommendations')).status).toBe(401);
  });
});

void USERS;
