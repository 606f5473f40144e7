import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { json, tenant, type Api } from '@/test/support/catalog';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const putUsers = async (key: string, users: unknown) => {
  const res = await api.request('/v1/users', { ...json('PUT', { users }), key });
  return { status: res.status, body: await res.json() };
};

describe('PUT /v1/users', () => {
  it('creates, then replaces users and their traits', async () => {
    const t = await tenant();
    expect(await putUsers(t.key, [{ id: 'u1', traits: { plan: 'pro', age: 31 } }, { id: 'u2' }])).toEqual({
      status: 200,
      body: { created: 2, updated: 0 },
    });
    expect(await putUsers(t.key, [{ id: 'u1', traits: { plan: 'free' } }, { id: 'u3', traits: null }])).toEqual({
      status: 200,
      body: { created: 1, updated: 1 },
    });
    const rows = await db().endUser.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.traits])).toEqual([
      ['u1', { plan: 'free' }],
      ['u2', {}],
      ['u3', {}],
    ]);
  });

  it('validates with paths: ids, traits size, depth, invalid Unicode; duplicates -> 400; over 1,000 -> 413', async () => {
    const t = await tenant();
    const bad = await putUsers(t.key, [
      { id: '' },
      { id: 'a', traits: [1] },
      { id: 'b', traits: { s: 'x'.repeat(9000) } },
      { id: 'c', traits: { s: '\ud800' } },
      { id: 'd', extra: 1 },
    ]);
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.users.0.id', 'body.users.1.traits', 'body.users.2.traits', 'body.users.3.traits.s', 'body.users.4']));
    const dup = await putUsers(t.key, [{ id: 'a' }, { id: 'a' }]);
    expect(dup.status).toBe(400);
    expect(dup.body.error.details[0].path).toBe('body.users.1.id');
    expect((await putUsers(t.key, Array.from({ length: 1001 }, (_, i) => ({ id: `u${i}` })))).status).toBe(413);
    expect(await db().endUser.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
  });

  it('needs users:write; the same id in another workspace is another user', async () => {
    const a = await tenant();
    const b = await tenant();
    const { key } = await buildKey(a.owner, { scopes: ['catalog:read'] });
    expect((await putUsers(key, [{ id: 'u' }])).status).toBe(403);
    await putUsers(a.key, [{ id: 'same', traits: { ws: 'a' } }]);
    expect((await putUsers(b.key, [{ id: 'same', traits: { ws: 'b' } }])).body).toEqual({ created: 1, updated: 0 });
    const a1 = await db().endUser.findUnique({ where: { workspaceId_id: { workspaceId: a.workspaceId, id: 'same' } } });
    expect(a1!.traits).toEqual({ ws: 'a' });
  });
});
