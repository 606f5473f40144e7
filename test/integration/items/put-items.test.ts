import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { embedJobs, json, putItems, tenant, type Api } from '@/test/support/catalog';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const shoe = {
  id: 'sku-1',
  title: 'Trail running shoe',
  description: 'Light shoe for muddy trails',
  categories: ['shoes', 'running'],
  tags: ['outdoor'],
  price: 89.5,
  currency: 'EUR',
  available: true,
  url: 'https://shop.example.com/p/sku-1',
  imageUrl: 'https://cdn.example.com/sku-1.jpg',
  publishedAt: '2025-01-15T09:00:00Z',
  properties: { brand: 'Acme', sizes: [40, 41, 42] },
};

describe('PUT /v1/items', () => {
  it('creates, then replaces items; GET returns them as stored', async () => {
    const t = await tenant();
    expect(await putItems(api, t.key, [shoe, { id: 'sku-2', title: 'Sock' }])).toEqual({ status: 200, body: { created: 2, updated: 0 } });
    const got = await (await api.request('/v1/items/sku-1', { key: t.key })).json();
    expect(got).toMatchObject({ ...shoe, publishedAt: '2025-01-15T09:00:00.000Z' });
    expect(got.createdAt).toEqual(got.updatedAt);

    // Replace: omitted fields are reset; createdAt stays.
    expect(await putItems(api, t.key, [{ id: 'sku-1', title: 'Trail running shoe v2' }])).toEqual({ status: 200, body: { created: 0, updated: 1 } });
    const replaced = await (await api.request('/v1/items/sku-1', { key: t.key })).json();
    expect(replaced).toMatchObject({ title: 'Trail running shoe v2', description: null, categories: [], price: null, available: true, properties: {} });
    expect(replaced.createdAt).toBe(got.createdAt);
    expect(new Date(replaced.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(got.updatedAt).getTime());
  });

  it('enqueues embed-items in the same transaction for new items and changed text only', async () => {
    const t = await tenant();
    await putItems(api, t.key, [shoe, { id: 'sku-2', title: 'Sock' }]);
    let jobs = await embedJobs(t.workspaceId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data.itemIds.sort()).toEqual(['sku-1', 'sku-2']);

    // Same text, other fields changed: no new job.
    await putItems(api, t.key, [{ ...shoe, price: 10 }, { id: 'sku-2', title: 'Sock' }]);
    expect(await embedJobs(t.workspaceId)).toHaveLength(1);

    // One description changed: a job for that item only.
    await putItems(api, t.key, [{ ...shoe, description: 'Now waterproof' }, { id: 'sku-2', title: 'Sock' }]);
    jobs = await embedJobs(t.workspaceId);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.data.itemIds).toEqual(['sku-1']);

    // A rejected batch enqueues nothing.
    await putItems(api, t.key, [{ id: 'sku-9', title: 'x' }, { id: 'sku-9', title: 'y' }]);
    expect(await embedJobs(t.workspaceId)).toHaveLength(2);
  });

  it('validates every field with its path; a bad batch stores nothing', async () => {
    const t = await tenant();
    const { status, body } = await putItems(api, t.key, [
      shoe,
      {
        id: 'x'.repeat(201),
        title: 7,
        description: 'a\u0000b',
        categories: ['ok', ''],
        tags: 'one',
        price: -1,
        currency: 'euro',
        available: 'yes',
        url: 'javascript:alert(1)',
        imageUrl: 'not a url',
        publishedAt: 'soon',
        properties: { deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } } },
        extra: true,
      },
    ]);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d: { path: string }) => d.path);
    for (const p of ['id', 'title', 'description', 'categories.1', 'tags', 'price', 'currency', 'available', 'url', 'imageUrl', 'publishedAt']) {
      expect(paths, p).toContain(`body.items.1.${p}`);
    }
    expect(paths.some((p: string) => p.startsWith('body.items.1.properties'))).toBe(true);
    expect(body.error.details.some((d: { message: string }) => /extra/.test(d.message))).toBe(true);
    expect(await db().item.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
  });

  it('the same id twice -> 400 naming both; over 1,000 items -> 413; 1,000 -> stored', async () => {
    const t = await tenant();
    const dup = await putItems(api, t.key, [{ id: 'a' }, { id: 'b' }, { id: 'a' }]);
    expect(dup.status).toBe(400);
    expect(dup.body.error.details).toEqual([{ path: 'body.items.2.id', message: 'duplicate of items[0].id', code: 'duplicate' }]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `i${i}` }));
    expect((await putItems(api, t.key, many)).status).toBe(413);
    expect(await putItems(api, t.key, many.slice(0, 1000))).toEqual({ status: 200, body: { created: 1000, updated: 0 } });
  });

  it('lone surrogates and NUL in text -> 400, never 500', async () => {
    const t = await tenant();
    const res = await api.request('/v1/items', {
      ...json('PUT', '{"items":[{"id":"a","title":"\\ud800","properties":{"k":"\\u0000"}},{"id":"b\\udfff"}]}'),
      key: t.key,
    });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.items.0.title', 'body.items.0.properties.k', 'body.items.1.id']));
  });

  it('concurrent upserts of overlapping batches do not deadlock or fail', async () => {
    const t = await tenant();
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const batches = [ids, [...ids].reverse(), ids.slice(50), [...ids].reverse().slice(20)];
    const results = await Promise.all(batches.map((b) => putItems(api, t.key, b.map((id) => ({ id, title: `T ${id}` })))));
    for (const r of results) expect(r.status).toBe(200);
    expect(results.reduce((s, r) => s + r.body.created, 0)).toBe(200);
    expect(await db().item.count({ where: { workspaceId: t.workspaceId } })).toBe(200);
  });

  it('needs catalog:write; an item with the same id in another workspace is untouched', async () => {
    const a = await tenant();
    const b = await tenant();
    const { key: readOnly } = await buildKey(await buildOwner(), { scopes: ['catalog:read'] });
    expect((await api.request('/v1/items', { ...json('PUT', { items: [shoe] }), key: readOnly })).status).toBe(403);
    await putItems(api, a.key, [shoe]);
    await putItems(api, b.key, [{ id: shoe.id, title: 'B version' }]);
    expect((await (await api.request(`/v1/items/${shoe.id}`, { key: a.key })).json()).title).toBe(shoe.title);
    expect((await (await api.request(`/v1/items/${shoe.id}`, { key: b.key })).json()).title).toBe('B version');
  });
});
