import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { signUp } from '@/services/auth/sign-up';
import { inviteMember } from '@/services/members/invite-member';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { db } from '@/services/db/client';
import { createRule, deleteRule } from '@/services/recommend/rules/manage-rules';
import { listRules } from '@/services/recommend/rules/list-rules';
import type { RuleInput } from '@/services/recommend/rules/schemas';
import { updateRecSettings } from '@/services/recommend/update-rec-settings';
import { eventFeed } from '@/services/recommend/serving/event-feed';
import { sendEvents } from './support';

type Item = { id: string; reason: string; ruleId?: string };
type Body = { items: Item[]; error?: { code: string; details?: { path: string }[] } };

let api: Api;
let a: Awaited<ReturnType<typeof tenant>>;
let b: Awaited<ReturnType<typeof tenant>>;
let memberId: string;
const N = 12;
const ids = (n = N) => Array.from({ length: n }, (_x, k) => `item-${k}`);
const cat = (k: number) => `c${k % 3}`;

beforeAll(async () => {
  api = await startApiServer();
  [a, b] = await Promise.all([tenant(), tenant()]);
  // item-k: category c(k%3), tag sale when k%4 == 0, brand acme for k < 6, weight k; popularity falls with k.
  const items = ids().map((id, k) => ({ id, title: id, categories: [cat(k)], tags: k % 4 === 0 ? ['sale'] : [], price: 100 - k, properties: { brand: k < 6 ? 'acme' : 'zeta', weight: k } }));
  expect((await putItems(api, a.key, items)).status).toBe(200);
  expect((await putItems(api, b.key, [{ id: 'b-secret', title: 'theirs', categories: ['c0'] }])).status).toBe(200);
  const events = ids(N - 1).flatMap((id, k) => Array.from({ length: N - k }, (_x, u) => ({ id: `${id}-${u}`, type: 'view', userId: `u${u}`, itemId: id })));
  await sendEvents(api, a.key, events);
  const email = uniqueEmail('member');
  const { user } = await signUp({ email, name: 'Member', password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: a.workspaceId, actorUserId: a.owner.user.id, email, role: 'member' });
  await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  memberId = user.id;
}, 60_000);
afterAll(() => api.close());

async function popular(query = '', key = a.key) {
  const res = await api.request(`/v1/popular?limit=${N}${query}`, { key });
  expect(res.status).toBe(200);
  return ((await res.json()) as Body).items;
}

/** Runs `fn` with the rule in place, then deletes it. */
async function withRule(input: RuleInput, fn: (ruleId: string) => Promise<void>) {
  const rule = await createRule(a.workspaceId, a.owner.user.id, input);
  try {
    await fn(rule.id);
  } finally {
    await deleteRule(a.workspaceId, a.owner.user.id, rule.id);
  }
}

describe('business rules', () => {
  it('ranks by popularity without rules (the baseline the rules move)', async () => {
    const items = await popular();
    expect(items.map((i) => i.id)).toEqual(ids());
    expect(items.every((i) => i.ruleId === undefined)).toBe(true);
  });

  it('pin puts its item first, even one ranking left out, and marks it', async () => {
    await withRule({ name: 'Pin the last', action: 'pin', condition: { field: 'id', op: 'eq', value: 'item-11' } }, async (ruleId) => {
      for (const path of ['/v1/popular?limit=3', '/v1/recommendations?userId=nobody&limit=3', '/v1/items/item-1/similar?limit=3']) {
        const res = await api.request(path, { key: a.key });
        const items = ((await res.json()) as Body).items;
        expect(items[0], path).toMatchObject({ id: 'item-11', ruleId });
        expect(items).toHaveLength(3);
        expect(items.slice(1).every((i) => i.ruleId === undefined), path).toBe(true);
      }
      // The request's own filters still hold: a pinned item outside the price range is not forced in.
      expect((await popular('&minPrice=95')).map((i) => i.id)).not.toContain('item-11');
    });
  });

  it('boost moves a category ahead, keeping the ranking order within it', async () => {
    await withRule({ name: 'Boost c2', action: 'boost', condition: { field: 'category', op: 'eq', value: 'c2' } }, async (ruleId) => {
      const items = await popular();
      expect(items.map((i) => i.id)).toEqual(['item-2', 'item-5', 'item-8', 'item-11', 'item-0', 'item-1', 'item-3', 'item-4', 'item-6', 'item-7', 'item-9', 'item-10']);
      expect(items.slice(0, 4).every((i) => i.ruleId === ruleId)).toBe(true);
    });
  });

  it('bury moves tagged items to the end', async () => {
    await withRule({ name: 'Bury sale', action: 'bury', condition: { field: 'tag', op: 'eq', value: 'sale' } }, async (ruleId) => {
      const items = await popular();
      expect(items.map((i) => i.id).slice(-3)).toEqual(['item-0', 'item-4', 'item-8']);
      expect(items.slice(-3).every((i) => i.ruleId === ruleId)).toBe(true);
      expect(items[0]!.id).toBe('item-1');
    });
  });

  it('filter keeps only items matching a property expression', async () => {
    await withRule({ name: 'Only acme', action: 'filter', condition: { field: 'property', key: 'brand', op: 'eq', value: 'acme' } }, async () => {
      expect((await popular()).map((i) => i.id)).toEqual(ids(6));
    });
    await withRule({ name: 'Light', action: 'filter', condition: { field: 'property', key: 'weight', op: 'gte', value: 9 } }, async () => {
      const res = await api.request('/v1/recommendations?userId=nobody&limit=5', { key: a.key });
      expect(((await res.json()) as Body).items.map((i) => i.id).sort()).toEqual(['item-10', 'item-11', 'item-9']);
    });
  });

  it('caps items per category (request parameter, then the workspace default)', async () => {
    expect((await popular('&maxPerCategory=1')).map((i) => i.id)).toEqual(['item-0', 'item-1', 'item-2']);
    const two = await popular('&maxPerCategory=2');
    expect(two.map((i) => i.id)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5']);
    const res = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: ['item-0'], limit: 10, maxPerCategory: 1 }), key: a.key });
    const session = ((await res.json()) as Body).items;
    expect(new Set(session.map((i) => cat(Number(i.id.split('-')[1])))).size).toBe(session.length);
    await updateRecSettings(a.workspaceId, { maxPerCategory: 1 });
    await eventFeed.settingsChanged(a.workspaceId);
    try {
      expect(await popular()).toHaveLength(3);
      expect(await popular('&maxPerCategory=4')).toHaveLength(N);
    } finally {
      await updateRecSettings(a.workspaceId, { maxPerCategory: null });
      await eventFeed.settingsChanged(a.workspaceId);
    }
    const bad = await api.request('/v1/popular?maxPerCategory=0', { key: a.key });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).error!.details![0]!.path).toBe('querystring.maxPerCategory');
  });

  it('keeps rules to their workspace: another tenant is unaffected and its items never pinned in', async () => {
    await withRule({ name: 'Pin theirs', action: 'pin', condition: { field: 'id', op: 'eq', value: 'b-secret' } }, async () => {
      expect((await popular()).map((i) => i.id)).toEqual(ids());
    });
    const rule = await createRule(a.workspaceId, a.owner.user.id, { name: 'Filter c1', action: 'filter', condition: { field: 'category', op: 'eq', value: 'c1' } });
    try {
      expect(await popular('', b.key)).toEqual([{ id: 'b-secret', score: 0, reason: 'catalog' }]);
      // Tenant b's admin cannot delete tenant a's rule: it does not exist for them.
      await expect(deleteRule(b.workspaceId, b.owner.user.id, rule.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(deleteRule(a.workspaceId, b.owner.user.id, rule.id)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await deleteRule(a.workspaceId, a.owner.user.id, rule.id);
    }
  });

  it('is admin only, validates each field by name, and audits changes', async () => {
    const input: RuleInput = { name: 'Pin one', action: 'pin', condition: { field: 'id', op: 'eq', value: 'item-3' } };
    await expect(createRule(a.workspaceId, memberId, input)).rejects.toMatchObject({ code: 'forbidden' });
    const bad = async (x: unknown, path: string) => {
      const err = await createRule(a.workspaceId, a.owner.user.id, x as RuleInput).catch((e: unknown) => e);
      expect(err, path).toMatchObject({ code: 'validation_failed' });
      expect((err as { details: { path: string }[] }).details.map((d) => d.path), path).toContain(path);
    };
    await bad({ ...input, name: '' }, 'name');
    await bad({ ...input, action: 'promote' }, 'action');
    await bad({ ...input, condition: { field: 'colour', op: 'eq', value: 'red' } }, 'condition.field');
    await bad({ ...input, condition: { field: 'price', op: 'lt', value: 'cheap' } }, 'condition.value');
    await bad({ ...input, condition: { field: 'property', key: 'a b', op: 'eq', value: 1 } }, 'condition.key');
    await bad({ ...input, condition: { field: 'tag', op: 'gt', value: 'x' } }, 'condition.op');
    const rule = await createRule(a.workspaceId, a.owner.user.id, input);
    expect((await listRules(a.workspaceId)).map((r) => r.id)).toEqual([rule.id]);
    await expect(deleteRule(a.workspaceId, memberId, rule.id)).rejects.toMatchObject({ code: 'forbidden' });
    await deleteRule(a.workspaceId, a.owner.user.id, rule.id);
    expect(await listRules(a.workspaceId)).toEqual([]);
    const audit = await db().auditLog.findMany({ where: { workspaceId: a.workspaceId, targetId: rule.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((x) => [x.action, x.actorUserId])).toEqual([
      ['rec_rule.created', a.owner.user.id],
      ['rec_rule.deleted', a.owner.user.id],
    ]);
  });
});
