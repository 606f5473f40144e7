import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { sendEvents } from './support';

type Item = { id: string; score: number; reason: string; fields?: Record<string, unknown> };
type Body = { items: Item[]; error?: { code: string; details?: { path: string }[] } };

let api: Api;
let a: Awaited<ReturnType<typeof tenant>>;
let b: Awaited<ReturnType<typeof tenant>>;

const shop = (prefix: string, n: number) =>
  Array.from({ length: n }, (_x, k) => ({
    id: `item-${k}`,
    title: `${prefix} item ${k}`,
    categories: [k % 2 ? 'odd' : 'even'],
    tags: ['t'],
    price: 10 + k,
    url: `https://${prefix}.example/item-${k}`,
    imageUrl: `https://${prefix}.example/item-${k}.png`,
    properties: { brand: `${prefix}-brand`, rank: k },
  }));

beforeAll(async () => {
  api = await startApiServer();
  [a, b] = await Promise.all([tenant(), tenant()]);
  expect((await putItems(api, a.key, shop('a', 8))).status).toBe(200);
  // Tenant b: the same ids with other titles, and ids tenant a does not have.
  expect((await putItems(api, b.key, [...shop('b', 8), ...shop('b', 20).slice(8).map((i) => ({ ...i, id: `b-only-${i.id}` }))])).status).toBe(200);
  await sendEvents(api, a.key, [0, 1, 2, 3].flatMap((k) => [0, 1].map((u) => ({ id: `e-${k}-${u}`, type: 'view', userId: `u${u}`, itemId: `item-${k}` }))));
  // Tenant b makes its own ids popular: they must never reach tenant a.
  await sendEvents(api, b.key, [8, 9, 10].flatMap((k) => [0, 1, 2].map((u) => ({ id: `e-${k}-${u}`, type: 'purchase', userId: `u${u}`, itemId: `b-only-item-${k}` }))));
}, 60_000);
afterAll(() => api.close());

async function get(path: string, key = a.key) {
  const res = await api.request(path, { key });
  return { status: res.status, body: (await res.json()) as Body };
}

describe('returnProperties / includeFields', () => {
  it('leaves the default answer as ids only', async () => {
    const { status, body } = await get('/v1/recommendations?userId=nobody&limit=5');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(5);
    for (const it of body.items) expect(Object.keys(it).sort()).toEqual(['id', 'reason', 'score']);
  });

  it('returns every catalog field of each item, from its own workspace, on every endpoint', async () => {
    const paths = ['/v1/recommendations?userId=u0&limit=6&returnProperties=true', '/v1/popular?limit=6&returnProperties=true', '/v1/items/item-0/similar?limit=6&returnProperties=true'];
    for (const p of paths) {
      const { status, body } = await get(p);
      expect(status, p).toBe(200);
      expect(body.items.length, p).toBeGreaterThan(0);
      for (const it of body.items) {
        expect(it.id.startsWith('b-only'), p).toBe(false);
        const k = Number(it.id.split('-')[1]);
        expect(it.fields, p).toEqual({
          title: `a item ${k}`, description: null, categories: [k % 2 ? 'odd' : 'even'], tags: ['t'], price: 10 + k, currency: null, available: true,
          url: `https://a.example/item-${k}`, imageUrl: `https://a.example/item-${k}.png`, publishedAt: null, properties: { brand: 'a-brand', rank: k },
        });
      }
    }
    const res = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: ['item-1'], limit: 4, returnProperties: true }), key: a.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.items).toHaveLength(4);
    for (const it of body.items) expect(it.fields!.title).toBe(`a item ${it.id.split('-')[1]}`);
  });

  it('restricts the fields to includeFields (comma-separated or repeated; implies returnProperties)', async () => {
    const one = await get('/v1/recommendations?userId=u0&limit=3&includeFields=title,price');
    expect(one.status).toBe(200);
    for (const it of one.body.items) expect(Object.keys(it.fields!).sort()).toEqual(['price', 'title']);
    const two = await get('/v1/popular?limit=3&includeFields=url&includeFields=properties&returnProperties=false');
    for (const it of two.body.items) expect(Object.keys(it.fields!).sort()).toEqual(['properties', 'url']);
    const res = await api.request('/v1/recommendations', { ...json('POST', { limit: 2, includeFields: ['imageUrl'] }), key: a.key });
    for (const it of ((await res.json()) as Body).items) expect(it.fields).toEqual({ imageUrl: expect.stringMatching(/^https:\/\/a\.example\//) });
  });

  it('never shows another tenant\'s items, even popular ones', async () => {
    const { body } = await get('/v1/popular?limit=50&returnProperties=true');
    expect(body.items.map((i) => i.id).sort()).toEqual(shop('a', 8).map((i) => i.id).sort());
    expect(body.items.every((i) => i.fields!.title === `a item ${i.id.split('-')[1]}`)).toBe(true);
    // Tenant b sees its own titles for the same ids.
    const theirs = await get('/v1/popular?limit=3&includeFields=title', b.key);
    expect(theirs.body.items.every((i) => String(i.fields!.title).startsWith('b item'))).toBe(true);
  });

  it('answers 400 naming the field for bad values', async () => {
    const bad = await get('/v1/recommendations?userId=u0&includeFields=title,secret');
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe('validation_failed');
    expect(bad.body.error!.details!.map((d) => d.path).join(' ')).toContain('includeFields');
    const flag = await get('/v1/popular?returnProperties=maybe');
    expect(flag.status).toBe(400);
    expect(flag.body.error!.details!.map((d) => d.path).join(' ')).toContain('returnProperties');
    const res = await api.request('/v1/recommendations', { ...json('POST', { includeFields: 'title' }), key: a.key });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('includeFields');
  });
});
