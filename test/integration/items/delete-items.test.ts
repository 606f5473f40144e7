import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { db } from '@/services/db/client';
import { putItems, tenant, type Api } from '@/test/support/catalog';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe('DELETE /v1/items/:id', () => {
  it('soft-deletes: gone from reads and lists, kept in the table; a PUT restores it', async () => {
    const t = await tenant();
    await putItems(api, t.key, [{ id: 'x', title: 'Lamp' }, { id: 'y' }]);
    const res = await api.request('/v1/items/x', { method: 'DELETE', key: t.key });
    expect(res.status).toBe(204);
    expect((await api.request('/v1/items/x', { key: t.key })).status).toBe(404);
    const listed = await (await api.request('/v1/items', { key: t.key })).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual(['y']);
    const row = await db().item.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: 'x' } } });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    // Deleting again: no live item -> 404.
    expect((await api.request('/v1/items/x', { method: 'DELETE', key: t.key })).status).toBe(404);
    // Sent again: restored, counted as created.
    expect(await putItems(api, t.key, [{ id: 'x', title: 'Lamp' }])).toEqual({ status: 200, body: { created: 1, updated: 0 } });
    expect((await api.request('/v1/items/x', { key: t.key })).status).toBe(200);
  });

  it("cannot delete another workspace's item (404, and it stays)", async () => {
    const a = await tenant();
    const b = await tenant();
    await putItems(api, b.key, [{ id: 'b-item' }]);
    expect((await api.request('/v1/items/b-item', { method: 'DELETE', key: a.key })).status).toBe(404);
    expect((await api.request('/v1/items/b-item', { key: b.key })).status).toBe(200);
  });
});
