// Rate limits and monthly quotas in the api (services/api/plugins/limits.ts): 429 with the right
// code and headers, per key and per workspace, Free capped and paid plans going on, tenants apart.
// RATE_LIMIT_MULTIPLIER scales the plans down here (Free: 5 req/s per key + 25 burst, 10 req/s
// per workspace + 50 burst), so a few dozen requests reach the limits.
process.env.RATE_LIMIT_MULTIPLIER = '0.025';
process.env.QUOTA_CACHE_TTL_MS = '10000';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';
import { currentPeriod } from '@/services/metering/meters';
import { PLANS } from '@/services/billing/plans';
import { notifyBillingChange } from '@/services/billing/notify-billing-change';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

async function tenant(plan = 'free') {
  const owner = await buildOwner();
  if (plan !== 'free') await db().workspace.update({ where: { id: owner.workspace.id }, data: { plan } });
  const { key } = await buildKey(owner);
  return { owner, workspaceId: owner.workspace.id, key };
}

const events = (n: number, prefix = 'e') => ({ events: Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type: 'view', userId: 'u', itemId: 'i' })) });
const post = (key: string, path: string, body: unknown) =>
  api.request(path, { method: 'POST', key, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
const useUnits = (workspaceId: string, meter: 'events' | 'embedding_texts', quantity: number) =>
  db().$transaction((tx) => recordUsage(tx, { workspaceId, meter, quantity }));
const ledger = async (workspaceId: string, meter: string) =>
  Number((await db().usageRecord.aggregate({ where: { workspaceId, meter }, _sum: { quantity: true } }))._sum.quantity ?? 0);

describe('rate limits', () => {
  it('answers 429 rate_limited with Retry-After and X-RateLimit-* once a key passes its rate and burst', async () => {
    const t = await tenant();
    const statuses: number[] = [];
    let limited: Response | undefined;
    let firstOk: Response | undefined;
    for (let i = 0; i < 45 && !limited; i++) {
      const res = await api.request('/v1/me', { key: t.key });
      statuses.push(res.status);
      if (res.status === 200) firstOk ??= res;
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    // 5/s steady + 25 burst: at least 30 requests pass before the first 429.
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(30);
    expect(firstOk!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(Number(firstOk!.headers.get('x-ratelimit-remaining'))).toBe(4);
    expect(limited).toBeDefined();
    const res = limited!;
    const now = Date.now() / 1000;
    expect(res.headers.get('x-ratelimit-limit')).toBe('5');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(now));
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 1);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = await res.json();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/Free plan allows 5 requests\/s per API key/);

    // A second later the key works again.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await api.request('/v1/me', { key: t.key });
    expect(after.status).toBe(200);
  });

  it('limits the workspace across its keys, and never touches another workspace', async () => {
    const t = await tenant();
    const keys = [t.key, (await buildKey(t.owner)).key, (await buildKey(t.owner)).key];
    const other = await tenant();
    const inWorkspace: number[] = [];
    const elsewhere: number[] = [];
    let workspaceMessage = '';
    // Each key stays within its own 5/s + 25 burst; together 75 > the workspace's 10/s + 50 burst.
    for (let i = 0; i < 25; i++) {
      for (const key of keys) {
        const res = await api.request('/v1/me', { key });
        inWorkspace.push(res.status);
        if (res.status === 429 && !workspaceMessage) workspaceMessage = (await res.json()).error.message;
        else await res.body?.cancel();
      }
      if (i < 20) {
        const res = await api.request('/v1/me', { key: other.key });
        elsewhere.push(res.status);
        await res.body?.cancel();
      }
    }
    expect(inWorkspace.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(workspaceMessage).toMatch(/per workspace/);
    expect(elsewhere.every((s) => s === 200)).toBe(true);
  });

  it('paid plans get higher limits', async () => {
    const t = await tenant('pro');
    const res = await api.request('/v1/me', { key: t.key });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(PLANS.pro.rateLimit.perKey.perSecond * 0.025));
  });

  it('public routes are not limited and carry no rate headers', async () => {
    const res = await api.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('monthly quotas', () => {
  const cap = PLANS.free.included.events;

  it('Free stops at the cap: a batch that would pass it gets 429 quota_exceeded with headers; nothing of it is stored', async () => {
    const t = await tenant();
    await useUnits(t.workspaceId, 'events', cap - 10);
    const over = await post(t.key, '/v1/events', events(20));
    expect(over.status).toBe(429);
    const periodEnd = currentPeriod().end.getTime();
    expect(over.headers.get('x-ratelimit-limit')).toBe(String(cap));
    expect(over.headers.get('x-ratelimit-remaining')).toBe('10');
    expect(over.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil(periodEnd / 1000)));
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(Math.abs(retryAfter - (periodEnd - Date.now()) / 1000)).toBeLessThan(5);
    const body = await over.json();
    expect(body.error.code).toBe('quota_exceeded');
    expect(body.error.message).toMatch(/includes 1,000,000 events units .* 10 remain, this request needs 20/);
    expect(body.error.message).toContain(`/dashboard/${t.workspaceId}/billing`);
    expect(await db().event.count({ where: { workspaceId: t.workspaceId } })).toBe(0);

    // Exactly the remaining units still go through, then nothing more.
    const fits = await post(t.key, '/v1/events', events(10));
    expect(fits.status).toBe(200);
    expect((await fits.json()).accepted).toBe(10);
    const one = await post(t.key, '/v1/events', events(1, 'late'));
    expect(one.status).toBe(429);
    expect(one.headers.get('x-ratelimit-remaining')).toBe('0');
    await one.body?.cancel();
    expect(await ledger(t.workspaceId, 'events')).toBe(cap);
  });

  it('counts units locally between refreshes: concurrent batches cannot run past the cap', async () => {
    const t = await tenant();
    await useUnits(t.workspaceId, 'events', cap - 100);
    // 10 concurrent batches of 20 = 200 units for 100 remaining: exactly 5 go through.
    const results = await Promise.all(Array.from({ length: 10 }, (_, b) => post(t.key, '/v1/events', events(20, `b${b}-`))));
    const ok = results.filter((r) => r.status === 200).length;
    await Promise.all(results.map((r) => r.body?.cancel()));
    expect(ok).toBe(5);
    expect(await ledger(t.workspaceId, 'events')).toBe(cap);
  });

  it('a refused or invalid request does not use quota', async () => {
    const t = await tenant();
    await useUnits(t.workspaceId, 'events', cap - 5);
    const bad = await post(t.key, '/v1/events', { events: 'nope' });
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
    const ok = await post(t.key, '/v1/events', events(5));
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it('counts embeddings per text, before the model runs', async () => {
    const t = await tenant();
    await useUnits(t.workspaceId, 'embedding_texts', PLANS.free.included.embedding_texts - 3);
    const res = await post(t.key, '/v1/embeddings', { input: ['a', 'b', 'c', 'd'] });
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body.error.code).toBe('quota_exceeded');
    expect(body.error.message).toMatch(/3 remain, this request needs 4/);
  });

  it('paid plans continue past the included units (overage)', async () => {
    const t = await tenant('pro');
    await useUnits(t.workspaceId, 'events', PLANS.pro.included.events + 5);
    const res = await post(t.key, '/v1/events', events(50));
    expect(res.status).toBe(200);
    await res.body?.cancel();
    expect(await ledger(t.workspaceId, 'events')).toBe(PLANS.pro.included.events + 55);
  });

  it('a plan change takes effect at once, although the cache would trust its state for 10 s', async () => {
    const t = await tenant();
    await useUnits(t.workspaceId, 'events', cap);
    const before = await post(t.key, '/v1/events', events(1));
    expect(before.status).toBe(429);
    await before.body?.cancel();
    await db().$transaction(async (tx) => {
      await tx.workspace.update({ where: { id: t.workspaceId }, data: { plan: 'pro' } });
      await notifyBillingChange(tx, t.workspaceId);
    });
    const after = await post(t.key, '/v1/events', events(1));
    expect(after.status).toBe(200);
    await after.body?.cancel();
    // ...and back to Free (a cancelled subscription): capped again at once.
    await db().$transaction(async (tx) => {
      await tx.workspace.update({ where: { id: t.workspaceId }, data: { plan: 'free' } });
      await notifyBillingChange(tx, t.workspaceId);
    });
    const again = await post(t.key, '/v1/events', events(1, 'x'));
    expect(again.status).toBe(429);
    await again.body?.cancel();
  });

  it("one workspace's quota never limits another's", async () => {
    const full = await tenant();
    const fresh = await tenant();
    await useUnits(full.workspaceId, 'events', cap);
    const a = await post(full.key, '/v1/events', events(1));
    const b = await post(fresh.key, '/v1/events', events(1));
    expect([a.status, b.status]).toEqual([429, 200]);
    await Promise.all([a.body?.cancel(), b.body?.cancel()]);
  });
});
