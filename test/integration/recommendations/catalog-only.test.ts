// Issue 13, finding 12: events may name any item id (a publishable key can send them); before
// this, such ids showed up in /v1/popular and recommendations, and /v1/items/{unknown}/similar
// answered 200 while GET /v1/items/{id} answered 404. Recommendations return catalog items only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { buildKey } from '@/test/support/builders';
import { liveState } from '@/services/recommend/serving/registry';
import { itemId, recs, sendEvents, shopEvents, shopItems, trainNow, userId } from './support';

let api: Api;
let t: Awaited<ReturnType<typeof tenant>>;
let publishable: string;
const GHOSTS = ['ghost-1', 'ghost-2', 'ghost-3'];
const isGhost = (id: string) => id.startsWith('ghost-');

/** Every user buys the ghosts (the most popular "items" by far), next to a real item. */
function ghostEvents(tag: string) {
  const out = [];
  for (let u = 0; u < 40; u++) {
    for (const [k, g] of GHOSTS.entries()) out.push({ id: `g-${tag}-${u}-${k}`, type: 'purchase', userId: userId(u), itemId: g, timestamp: Date.now() - 60_000 + k });
    out.push({ id: `g-${tag}-${u}-real`, type: 'purchase', userId: userId(u), itemId: itemId(0, 0), timestamp: Date.now() - 30_000 });
  }
  return out;
}

beforeAll(async () => {
  api = await startApiServer();
  t = await tenant();
  publishable = (await buildKey(t.owner, { type: 'publishable', allowedOrigins: ['https://shop.example'] })).key;
  expect((await putItems(api, t.key, shopItems())).status).toBe(200);
  await sendEvents(api, t.key, shopEvents());
  // Injected with the browser key, as anyone could from a shop's page.
  const res = await api.request('/v1/events', { ...json('POST', { events: ghostEvents('a') }), key: publishable, headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' } });
  expect(res.status).toBe(200);
}, 120_000);
afterAll(() => api.close());

async function expectCatalogOnly() {
  for (const window of ['24h', '7d', 'all']) {
    const res = await api.request(`/v1/popular?limit=20&window=${window}`, { key: t.key });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).toHaveLength(20);
    expect(ids.filter(isGhost), window).toEqual([]);
  }
  for (const u of [0, 1, 2, 999]) {
    const r = await recs(api, t.key, `userId=${userId(u)}&limit=30&excludeSeen=false`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(30);
    expect(r.body.items.map((i) => i.id).filter(isGhost)).toEqual([]);
  }
  const session = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: ['ghost-1', itemId(0, 0)], limit: 20 }), key: t.key });
  expect(session.status).toBe(200);
  expect(((await session.json()) as { items: { id: string }[] }).items.map((i) => i.id).filter(isGhost)).toEqual([]);
  const similar = await api.request(`/v1/items/${itemId(0, 0)}/similar?limit=30`, { key: t.key });
  expect(similar.status).toBe(200);
  expect(((await similar.json()) as { items: { id: string }[] }).items.map((i) => i.id).filter(isGhost)).toEqual([]);
  for (const g of GHOSTS) {
    expect((await api.request(`/v1/items/${g}`, { key: t.key })).status).toBe(404);
    const res = await api.request(`/v1/items/${g}/similar`, { key: t.key });
    expect(res.status, g).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }
}

describe('recommendations name catalog items only', () => {
  it('before any model: popular, user, session and similar leave out ids known only from events', async () => {
    await expectCatalogOnly();
  });

  it('with a model trained on those events, and after an item is deleted', async () => {
    const version = await trainNow(t.workspaceId);
    await (await liveState(t.workspaceId)).refresh(); // the promoted version, without waiting for the tick
    expect((await recs(api, t.key, `userId=${userId(0)}&limit=5`)).body.modelVersion).toBe(version);
    await expectCatalogOnly();
    expect((await api.request(`/v1/items/${itemId(0, 0)}`, { method: 'DELETE', key: t.key })).status).toBeLessThan(300);
    expect((await api.request(`/v1/items/${itemId(0, 0)}/similar`, { key: t.key })).status).toBe(404);
  }, 120_000);
});
