import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey } from '@/test/support/builders';
import { putItems, tenant, type Api } from '@/test/support/catalog';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const list = async (key: string, query = '') => {
  const res = await api.request(`/v1/items${query}`, { key });
  return { status: res.status, body: await res.json() };
};

/** Every page of a listing, following nextCursor. */
async function listAll(key: string, params: Record<string, string> = {}) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) });
    const { status, body } = await list(key, `?${q}`);
    expect(status).toBe(200);
    ids.push(...body.items.map((i: { id: string }) => i.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('GET /v1/items/:id', () => {
  it("404 for unknown, deleted and other workspaces' items; 400 for a bad id", async () => {
    const a = await tenant();
    const b = await tenant();
    await putItems(api, b.key, [{ id: 'b-only', title: 'secret' }]);
    await putItems(api, a.key, [{ id: 'gone' }]);
    await api.request('/v1/items/gone', { method: 'DELETE', key: a.key });
    for (const id of ['b-only', 'nope', 'gone']) {
      const res = await api.request(`/v1/items/${id}`, { key: a.key });
      expect(res.status, id).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    const long = await api.request(`/v1/items/${'x'.repeat(300)}`, { key: a.key });
    expect(long.status).toBe(400);
    expect((await long.json()).error.details[0].path).toBe('params.id');
    for (const bad of ['a%00b', 'a%ED%A0%80b', '%FF']) {
      const res = await api.request(`/v1/items/${bad}`, { key: a.key });
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
  });

  it('ids with spaces, slashes and Unicode round-trip through the URL', async () => {
    const t = await tenant();
    for (const id of ['shoes/red size 42 é😀', '€'.repeat(200)]) {
      await putItems(api, t.key, [{ id, title: 'x' }]);
      const res = await api.request(`/v1/items/${encodeURIComponent(id)}`, { key: t.key });
      expect(res.status).toBe(200);
      expect((await res.json()).id).toBe(id);
    }
  });

  it('needs catalog:read', async () => {
    const t = await tenant();
    const { key } = await buildKey(t.owner, { scopes: ['events:write'] });
    expect((await api.request('/v1/items/x', { key })).status).toBe(403);
  });
});

describe('GET /v1/items', () => {
  it('pages through every live item by cursor, without gaps or repeats', async () => {
    const t = await tenant();
    const ids = Array.from({ length: 125 }, (_, i) => `item-${String(i).padStart(3, '0')}`);
    await putItems(api, t.key, ids.map((id) => ({ id })));
    await api.request('/v1/items/item-007', { method: 'DELETE', key: t.key });
    const first = await list(t.key);
    expect(first.body.items).toHaveLength(50); // default limit
    const { ids: all, pages } = await listAll(t.key, { limit: '40' });
    expect(pages).toBe(4);
    expect(all).toEqual(ids.filter((id) => id !== 'item-007'));
  });

  it('filters by category and searches title and description (full text)', async () => {
    const t = await tenant();
    await putItems(api, t.key, [
      { id: 'a', title: 'Red running shoe', categories: ['shoes'] },
      { id: 'b', title: 'Blue sandal', description: 'For running on the beach', categories: ['shoes', 'summer'] },
      { id: 'c', title: 'Running jacket', categories: ['clothing'] },
      { id: 'd', title: 'Wool hat', categories: ['clothing'] },
    ]);
    expect((await listAll(t.key, { category: 'shoes' })).ids).toEqual(['a', 'b']);
    expect((await listAll(t.key, { q: 'running' })).ids).toEqual(['a', 'b', 'c']);
    expect((await listAll(t.key, { q: 'running', category: 'clothing' })).ids).toEqual(['c']);
    expect((await listAll(t.key, { q: 'running -jacket' })).ids).toEqual(['a', 'b']);
    expect((await listAll(t.key, { q: '"blue sandal"' })).ids).toEqual(['b']);
    expect((await listAll(t.key, { q: 'nothing-like-this' })).ids).toEqual([]);
    // Search syntax characters never break the query.
    for (const q of ['&|!:*()', "'", '\\', '""', '-', 'or or or']) {
      expect((await list(t.key, `?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it("never shows another workspace's items", async () => {
    const a = await tenant();
    const b = await tenant();
    await putItems(api, a.key, [{ id: 'a1', title: 'shared words', categories: ['c'] }]);
    await putItems(api, b.key, [{ id: 'b1', title: 'shared words', categories: ['c'] }, { id: 'a0', title: 'shared words' }]);
    expect((await listAll(a.key)).ids).toEqual(['a1']);
    expect((await listAll(a.key, { q: 'shared' })).ids).toEqual(['a1']);
    expect((await listAll(a.key, { category: 'c' })).ids).toEqual(['a1']);
    // A cursor is only a position: it cannot reach into another workspace either.
    const { body } = await list(b.key, '?limit=1');
    expect((await listAll(a.key, { cursor: body.nextCursor })).ids).toEqual(['a1']);
  });

  it('bad query parameters -> 400 with paths', async () => {
    const t = await tenant();
    for (const [q, path] of [
      ['?limit=0', 'querystring.limit'],
      ['?limit=201', 'querystring.limit'],
      ['?limit=abc', 'querystring.limit'],
      ['?cursor=%%%', 'querystring.cursor'],
      ['?q=%00', 'querystring.q'],
      ['?q=' + 'x'.repeat(201), 'querystring.q'],
      ['?workspaceId=ws_other', 'querystring'],
    ] as const) {
      const { status, body } = await list(t.key, q);
      expect(status, q).toBe(400);
      expect(body.error.details[0].path, q).toBe(path);
    }
  });
});
