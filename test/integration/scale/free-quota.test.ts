// The Free quota is exact across api processes (issue 17): each capped request reserves its units
// in PostgreSQL (QuotaCounter, one conditional UPDATE), so two real api processes taking batches
// at once store exactly the cap, and a batch gives back the units of its duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';
import { PLANS } from '@/services/billing/plans';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
let apis: Api[] = [];
const cap = PLANS.free.included.events;

beforeAll(async () => {
  apis = await Promise.all([0, 1].map(async () => startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), env: { ML_PRELOAD: 'false' } })));
}, 120_000);
afterAll(async () => {
  await Promise.all(apis.map((a) => a.stop()));
});

/** A Free workspace whose ledger already holds the cap less `left` events. */
async function freeWorkspace(left: number, plan = 'free') {
  const owner = await buildOwner();
  if (plan !== 'free') await db().workspace.update({ where: { id: owner.workspace.id }, data: { plan } });
  await db().$transaction((tx) => recordUsage(tx, { workspaceId: owner.workspace.id, meter: 'events', quantity: cap - left }));
  return { workspaceId: owner.workspace.id, key: (await buildKey(owner)).key };
}
const post = async (api: Api, key: string, ids: string[]) => {
  const res = await fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: ids.map((id) => ({ id, type: 'view', userId: 'u', itemId: 'i' })) }),
  });
  return { status: res.status, body: (await res.json()) as { accepted?: number; error?: { code: string; message: string } } };
};
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const stored = (workspaceId: string) => db().event.count({ where: { workspaceId } });
const ledger = async (workspaceId: string) =>
  Number((await db().usageRecord.aggregate({ where: { workspaceId, meter: 'events' }, _sum: { quantity: true } }))._sum.quantity ?? 0);

describe('Free quota across two api processes', () => {
  it('stores exactly the cap when both take batches at once', async () => {
    const t = await freeWorkspace(100);
    // 30 batches of 10 (three times what is left), alternating over the two processes, all at once.
    const results = await Promise.all(Array.from({ length: 30 }, (_, b) => post(apis[b % 2]!, t.key, ids(`q${b}-`, 10))));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(20).fill(429)]);
    expect(results.filter((r) => r.status === 429).every((r) => r.body.error?.code === 'quota_exceeded')).toBe(true);
    expect(await stored(t.workspaceId)).toBe(100);
    expect(await ledger(t.workspaceId)).toBe(cap);
    // Full: one more event is refused by either process.
    for (const api of apis) expect((await post(api, t.key, ['one-more'])).status).toBe(429);
  });

  it('gives back the units of duplicates, so the cap is reached by stored events', async () => {
    const t = await freeWorkspace(100);
    expect((await post(apis[0]!, t.key, ids('a', 50))).body.accepted).toBe(50);
    // 30 retried ids and 10 new ones: reserves 40, stores 10, gives back 30 (counter 60, not 90).
    expect((await post(apis[1]!, t.key, [...ids('a', 30), ...ids('b', 10)])).body.accepted).toBe(10);
    expect((await post(apis[0]!, t.key, ids('c', 40))).body.accepted).toBe(40);
    expect((await post(apis[1]!, t.key, ['d0'])).body.error?.code).toBe('quota_exceeded');
    expect(await stored(t.workspaceId)).toBe(100);
    expect(await ledger(t.workspaceId)).toBe(cap);
    const [row] = await db().quotaCounter.findMany({ where: { workspaceId: t.workspaceId, meter: 'events' } });
    expect(row!.used).toBe(cap);
  });

  it('raises the counter to usage recorded outside the api (an import), and leaves paid plans off the counter', async () => {
    const t = await freeWorkspace(100);
    expect((await post(apis[0]!, t.key, ids('x', 10))).status).toBe(200); // the counter exists: cap - 90
    await db().$transaction((tx) => recordUsage(tx, { workspaceId: t.workspaceId, meter: 'events', quantity: 85 }));
    // Within QUOTA_CACHE_TTL_MS (2 s) each process's refresh raises the counter to the ledger.
    await new Promise((r) => setTimeout(r, 2500));
    await Promise.all(apis.map((a) => post(a, t.key, ['refresh-probe'])));
    const left = await post(apis[1]!, t.key, ids('y', 10));
    expect(left.body.error?.code).toBe('quota_exceeded');
    expect(left.body.error?.message).toMatch(/ and [0-9]+ remain/);
    expect(await ledger(t.workspaceId)).toBeLessThanOrEqual(cap);

    const pro = await freeWorkspace(0, 'pro');
    expect((await post(apis[0]!, pro.key, ids('p', 10))).status).toBe(200);
    expect(await db().quotaCounter.count({ where: { workspaceId: pro.workspaceId } })).toBe(0);
  });
});
