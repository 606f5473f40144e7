import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey } from '@/test/support/builders';
import { json, tenant, type Api } from '@/test/support/catalog';
import { chatTurn } from '@/test/support/conversations';
import { db } from '@/services/db/client';

const SHOP = 'https://shop.example';
const DAY = 86_400_000;
let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const post = async (key: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await api.request(path, { ...json('POST', body), key, headers: { 'Content-Type': 'application/json', ...headers } });
  return { status: res.status, body: await res.json() };
};
const get = async (key: string, path: string) => {
  const res = await api.request(path, { key });
  return { status: res.status, body: await res.json() };
};
const view = (id: string, who: Record<string, string>, extra: Record<string, unknown> = {}) => ({ id, type: 'view', itemId: 'sku-1', ...who, ...extra });

describe('POST /v1/identify (identity merge)', () => {
  it("moves the anonymous id's events and conversations to the user once; re-sent changes nothing; audited", async () => {
    const t = await tenant();
    await post(t.key, '/v1/events', { events: [view('a1', { anonymousId: 'anon-1' }), view('a2', { anonymousId: 'anon-1' }), view('u1', { userId: 'alice' })] });
    const chat = await chatTurn(t.workspaceId, 'Do you ship to Norway?', { userId: 'anon-1' });

    const first = await post(t.key, '/v1/identify', { anonymousId: 'anon-1', userId: 'alice' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ anonymousId: 'anon-1', userId: 'alice', merged: true, events: 2, conversations: 1 });
    expect(await db().event.count({ where: { workspaceId: t.workspaceId, userId: 'alice' } })).toBe(3);
    expect((await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: chat.conversationId } } }))?.userId).toBe('alice');

    const again = await post(t.key, '/v1/identify', { anonymousId: 'anon-1', userId: 'alice' });
    expect(again.body).toMatchObject({ merged: false, events: 2, conversations: 1, mergedAt: first.body.mergedAt });
    expect(await db().identityMerge.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, action: 'end_user.merged' } })).toBe(1);

    // Later events with only the anonymous id are stored as the user's.
    await post(t.key, '/v1/events', { events: [view('a3', { anonymousId: 'anon-1' })] });
    expect((await db().event.findFirst({ where: { workspaceId: t.workspaceId, id: 'a3' } }))?.userId).toBe('alice');

    // The same anonymous id for another user: 409 naming the field, nothing moved.
    const other = await post(t.key, '/v1/identify', { anonymousId: 'anon-1', userId: 'bob' });
    expect(other.status).toBe(409);
    expect(other.body.error.details[0].path).toBe('anonymousId');
    expect(await db().event.count({ where: { workspaceId: t.workspaceId, userId: 'bob' } })).toBe(0);
  });

  it('concurrent identifies record one merge', async () => {
    const t = await tenant();
    await post(t.key, '/v1/events', { events: [view('c1', { anonymousId: 'anon-c' })] });
    const results = await Promise.all(Array.from({ length: 5 }, () => post(t.key, '/v1/identify', { anonymousId: 'anon-c', userId: 'carol' })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.merged)).toHaveLength(1);
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, action: 'end_user.merged' } })).toBe(1);
  });

  it('is tenant-scoped: the same anonymous id in two workspaces never merges across', async () => {
    const a = await tenant();
    const b = await tenant();
    await post(a.key, '/v1/events', { events: [view('x1', { anonymousId: 'shared-anon' })] });
    await post(b.key, '/v1/events', { events: [view('x1', { anonymousId: 'shared-anon' }), view('x2', { anonymousId: 'shared-anon' })] });
    expect((await post(a.key, '/v1/identify', { anonymousId: 'shared-anon', userId: 'dave' })).body).toMatchObject({ merged: true, events: 1 });
    expect(await db().event.count({ where: { workspaceId: b.workspaceId, userId: { not: null } } })).toBe(0);
    // B may merge its own visitor into another user: no conflict with A's record.
    expect((await post(b.key, '/v1/identify', { anonymousId: 'shared-anon', userId: 'erin' })).body).toMatchObject({ merged: true, events: 2 });
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, userId: 'erin' } })).toBe(0);
  });

  it('bad input names the field; publishable keys only from allowed origins', async () => {
    const t = await tenant();
    for (const [body, path] of [
      [{ userId: 'u' }, 'anonymousId'],
      [{ anonymousId: 'a', userId: '' }, 'userId'],
      [{ anonymousId: 'same', userId: 'same' }, 'userId'],
      [{ anonymousId: 'a', userId: 'u', source: 'fax' }, 'source'],
      [{ anonymousId: 'a', userId: 'u', extra: 1 }, ''],
    ] as const) {
      const res = await post(t.key, '/v1/identify', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path).join(',')).toContain(path);
    }
    const { key: pk } = await buildKey(t.owner, { type: 'publishable', allowedOrigins: [SHOP] });
    expect((await post(pk, '/v1/identify', { anonymousId: 'a', userId: 'u' }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(pk, '/v1/identify', { anonymousId: 'a', userId: 'u', source: 'tracker' }, { Origin: SHOP })).body).toMatchObject({ merged: true });
  });
});

describe('GET /v1/users (list, search, segments)', () => {
  it('lists profiles and event-only users; searches id and traits; segments by trait and activity; tenant-scoped', async () => {
    const t = await tenant();
    const other = await tenant();
    await api.request('/v1/users', {
      ...json('PUT', { users: [{ id: 'alice', traits: { plan: 'pro', email: 'alice@shop.example' } }, { id: 'bob', traits: { plan: 'free' } }, { id: 'quiet', traits: { plan: 'pro' } }] }),
      key: t.key,
    });
    const now = Date.now();
    await post(t.key, '/v1/events', {
      events: [view('e1', { userId: 'alice' }), view('e2', { userId: 'alice' }), view('e3', { userId: 'bob' }, { timestamp: now - 20 * DAY }), view('e4', { userId: 'carol' })],
    });
    await post(other.key, '/v1/events', { events: [view('o1', { userId: 'mallory' })] });

    const all = await get(t.key, '/v1/users');
    expect(all.status).toBe(200);
    expect(all.body.users.map((u: { id: string }) => u.id).sort()).toEqual(['alice', 'bob', 'carol', 'quiet']);
    expect(all.body.users.find((u: { id: string }) => u.id === 'alice')).toMatchObject({ events: 2, traits: { plan: 'pro' } });
    expect(all.body.users.find((u: { id: string }) => u.id === 'carol')).toMatchObject({ events: 1, traits: null });
    expect(all.body.users.at(-1).id).toBe('quiet'); // never active: last

    const ids = async (q: string) => (await get(t.key, `/v1/users?${q}`)).body.users.map((u: { id: string }) => u.id).sort();
    expect(await ids('q=ALI')).toEqual(['alice']);
    expect(await ids('q=shop.example')).toEqual(['alice']); // a trait value
    expect(await ids('trait=plan%3Dpro')).toEqual(['alice', 'quiet']);
    expect(await ids('active=7')).toEqual(['alice', 'carol']);
    expect(await ids('inactive=7')).toEqual(['bob', 'quiet']);
    expect(await ids('trait=plan%3Dpro&active=7')).toEqual(['alice']);
    expect(await ids('q=mallory')).toEqual([]);
  });

  it('bad params: 400 naming the field', async () => {
    const t = await tenant();
    for (const [q, field] of [
      ['active=0', 'active'],
      ['active=abc', 'active'],
      ['inactive=400', 'inactive'],
      ['trait=noequals', 'trait'],
      ['trait=%3Dvalue', 'trait'],
      ['page=0', 'page'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['sort=name', ''],
    ] as const) {
      const res = await get(t.key, `/v1/users?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path).join(','), q).toContain(field);
    }
  });
});

describe('GET /v1/users/:id/export (GDPR access request)', () => {
  it('returns profile, events with properties, merges and conversations; audited; 404 for unknown and cross-tenant ids', async () => {
    const t = await tenant();
    const other = await tenant();
    await api.request('/v1/users', { ...json('PUT', { users: [{ id: 'alice', traits: { plan: 'pro' } }] }), key: t.key });
    await post(t.key, '/v1/events', { events: [view('a1', { anonymousId: 'anon-a' }, { properties: { page: '/tents' } })] });
    await post(t.key, '/v1/identify', { anonymousId: 'anon-a', userId: 'alice' });
    await chatTurn(t.workspaceId, 'Hi there', { userId: 'alice' });

    const res = await get(t.key, '/v1/users/alice/export');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'alice', profile: { traits: { plan: 'pro' } }, anonymousIds: [{ anonymousId: 'anon-a', source: 'api' }], truncated: false });
    expect(res.body.events).toEqual([expect.objectContaining({ id: 'a1', anonymousId: 'anon-a', properties: { page: '/tents' } })]);
    expect(res.body.conversations[0].messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot']);
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, action: 'end_user.exported', targetId: 'alice' } })).toBe(1);

    expect((await get(t.key, '/v1/users/nobody/export')).status).toBe(404);
    expect((await get(other.key, '/v1/users/alice/export')).status).toBe(404);
    const { key: noScope } = await buildKey(t.owner, { scopes: ['catalog:read'] });
    expect((await get(noScope, '/v1/users/alice/export')).status).toBe(403);
  });
});
