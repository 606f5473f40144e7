// A newly trained model and a catalog change reach every api process within 2 s (issue 17): two
// real api processes serve one workspace; the model is trained and promoted in this process (as the
// worker would), an item is deleted through one api process, and both are polled until they show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { shopEvents, shopItems, trainNow } from '@/test/integration/recommendations/support';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
let apis: Api[] = [];
beforeAll(async () => {
  apis = await Promise.all([0, 1].map(async () => startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort() })));
}, 120_000);
afterAll(() => Promise.all(apis.map((a) => a.stop())));

const call = async (api: Api, key: string, path: string, init: RequestInit = {}) => {
  const headers = { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`${api.url}${path}`, { ...init, headers });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

/** Milliseconds from t0 until `check` holds, polling every 25 ms; fails past 5 s. */
async function msUntil(check: () => Promise<boolean>, t0: number) {
  while (Date.now() - t0 < 5000) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('not seen within 5 s');
}

async function shop() {
  const owner = await buildOwner();
  const { key } = await buildKey(owner);
  expect((await call(apis[0]!, key, '/v1/items', { method: 'PUT', body: JSON.stringify({ items: shopItems() }) })).status).toBe(200);
  const events = shopEvents();
  for (let i = 0; i < events.length; i += 1000) {
    expect((await call(apis[1]!, key, '/v1/events', { method: 'POST', body: JSON.stringify({ events: events.slice(i, i + 1000) }) })).status).toBe(200);
  }
  return { workspaceId: owner.workspace.id, key };
}

describe('changes reach every api process', () => {
  it('a newly promoted model version serves from both processes within 2 s', async () => {
    const t = await shop();
    // Both processes hold the workspace (serving from popularity until a model exists).
    for (const api of apis) expect((await call(api, t.key, '/v1/recommendations?userId=user-1')).body.modelVersion).toBeNull();
    const v1 = await trainNow(t.workspaceId);
    const t0 = Date.now();
    const ms = await Promise.all(apis.map((api) => msUntil(async () => (await call(api, t.key, '/v1/recommendations?userId=user-1')).body.modelVersion === v1, t0)));
    for (const m of ms) expect(m).toBeLessThan(2000);
    console.log(`model v${v1} served by both after ${ms.join(' / ')} ms`);
  });

  it('an item deleted through one process is gone from the other within 2 s', async () => {
    const t = await shop();
    const popular = (await call(apis[1]!, t.key, '/v1/popular?limit=5')).body.items.map((i: { id: string }) => i.id);
    const gone = popular[0];
    expect(gone).toBeDefined();
    const t0 = Date.now();
    expect((await call(apis[0]!, t.key, `/v1/items/${gone}`, { method: 'DELETE' })).status).toBe(204);
    const ms = await Promise.all(
      apis.map((api) => msUntil(async () => !(await call(api, t.key, '/v1/popular?limit=5')).body.items.some((i: { id: string }) => i.id === gone), t0)),
    );
    for (const m of ms) expect(m).toBeLessThan(2000);
    console.log(`deletion seen by both after ${ms.join(' / ')} ms`);
  });
});
