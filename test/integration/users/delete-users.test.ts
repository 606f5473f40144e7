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

async function seed(t: { key: string }, userId: string, n: number, prefix = userId) {
  await api.request('/v1/users', { ...json('PUT', { users: [{ id: userId, traits: { email: `${userId}@example.com` } }] }), key: t.key });
  const res = await api.request('/v1/events', {
    ...json('POST', { events: Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, type: 'view', userId, itemId: 'i' })) }),
    key: t.key,
  });
  expect((await res.json()).accepted).toBe(n);
}

const erase = async (key: string, id: string) => {
  const res = await api.request(`/v1/users/${encodeURIComponent(id)}`, { method: 'DELETE', key });
  return { status: res.status, body: await res.json() };
};

const NOTHING = { user: 0, events: 0, conversations: 0, messages: 0, feedback: 0, recommendationProfiles: 0 };

describe('DELETE /v1/users/:id (GDPR erasure)', () => {
  it("deletes the user and all their events, and nobody else's; audited; idempotent", async () => {
    const a = await tenant();
    const b = await tenant();
    await seed(a, 'alice', 30);
    await seed(a, 'bob', 5);
    await seed(b, 'alice', 7, 'b-alice'); // same user id in another workspace

    expect(await erase(a.key, 'alice')).toEqual({
      status: 200,
      body: { id: 'alice', userDeleted: true, eventsDeleted: 30, erased: { ...NOTHING, user: 1, events: 30 } },
    });
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, userId: 'alice' } })).toBe(0);
    expect(await db().endUser.count({ where: { workspaceId: a.workspaceId, id: 'alice' } })).toBe(0);
    // Bob in A and Alice in B are untouched.
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, userId: 'bob' } })).toBe(5);
    expect(await db().event.count({ where: { workspaceId: b.workspaceId, userId: 'alice' } })).toBe(7);
    expect(await db().endUser.count({ where: { workspaceId: b.workspaceId, id: 'alice' } })).toBe(1);

    const audit = await db().auditLog.findMany({ where: { workspaceId: a.workspaceId, action: 'end_user.erased' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'end_user', targetId: 'alice', metadata: { eventsDeleted: 30, userDeleted: true } });
    expect(audit[0]!.actorKeyId).toBeTruthy();

    // Again, or for an unknown id: nothing to delete, still 200.
    expect(await erase(a.key, 'alice')).toEqual({ status: 200, body: { id: 'alice', userDeleted: false, eventsDeleted: 0, erased: NOTHING } });
  });

  it('needs users:write; a bad id -> 400', async () => {
    const t = await tenant();
    const { key } = await buildKey(t.owner, { scopes: ['events:write'] });
    expect((await erase(key, 'u')).status).toBe(403);
    const bad = await erase(t.key, 'x'.repeat(201));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('params.id');
  });
});
