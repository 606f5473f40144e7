// A revoked key and a plan change reach every api process within 2 s (issue 17): two real api
// processes with the longest key cache (API_KEY_CACHE_TTL_MS=5000, so the TTL alone would not do)
// refuse a key revoked through the service, and report a new plan, within 2 s, through
// PostgreSQL LISTEN/NOTIFY (key-change-listener.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import { db } from '@/services/db/client';
import { notifyBillingChange } from '@/services/billing/notify-billing-change';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
let apis: Api[] = [];
beforeAll(async () => {
  const env = { API_KEY_CACHE_TTL_MS: '5000', QUOTA_CACHE_TTL_MS: '10000' };
  apis = await Promise.all([0, 1].map(async () => startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), env })));
}, 120_000);
afterAll(() => Promise.all(apis.map((a) => a.stop())));

const me = (api: Api, key: string) => fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });

/** Milliseconds until `check` holds for `api`, polling every 25 ms; fails past 5 s. */
async function msUntil(api: Api, check: () => Promise<boolean>, t0: number) {
  while (Date.now() - t0 < 5000) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${api.url}: not seen within 5 s`);
}

describe('changes reach every api process', () => {
  it('a revoked key is refused by both processes within 2 s', async () => {
    const owner = await buildOwner();
    const { key, record } = await buildKey(owner);
    const sibling = await buildKey(owner, { name: 'kept' });
    for (const api of apis) expect((await me(api, key)).status).toBe(200); // cached in both
    const t0 = Date.now();
    await revokeApiKey({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, keyId: record.id });
    const ms = await Promise.all(apis.map((api) => msUntil(api, async () => (await me(api, key)).status === 401, t0)));
    for (const m of ms) expect(m).toBeLessThan(2000);
    console.log(`revocation seen after ${ms.join(' / ')} ms`);
    // The workspace's other key, and another workspace's key, keep working.
    for (const api of apis) expect((await me(api, sibling.key)).status).toBe(200);
    const other = await buildKey(await buildOwner());
    for (const api of apis) expect((await me(api, other.key)).status).toBe(200);
  });

  it('a plan change is seen by both processes within 2 s (key and rate limits)', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner);
    for (const api of apis) {
      const res = await me(api, key);
      expect((await res.json()).workspace.plan).toBe('free');
      expect(res.headers.get('x-ratelimit-limit')).toBe('200');
    }
    const t0 = Date.now();
    await db().$transaction(async (tx) => {
      await tx.workspace.update({ where: { id: owner.workspace.id }, data: { plan: 'pro' } });
      await notifyBillingChange(tx, owner.workspace.id);
    });
    const ms = await Promise.all(
      apis.map((api) =>
        msUntil(api, async () => {
          const res = await me(api, key);
          return (await res.json()).workspace.plan === 'pro' && res.headers.get('x-ratelimit-limit') === '1000';
        }, t0),
      ),
    );
    for (const m of ms) expect(m).toBeLessThan(2000);
  });
});
