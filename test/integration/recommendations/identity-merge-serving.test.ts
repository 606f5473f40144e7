// Serving sees an identify merge at once: what the visitor did before signing in counts for the
// user (seen items are left out of their recommendations), through POST /v1/identify in this
// process, and through the database tail when another process recorded the merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { mergeIdentity } from '@/services/identity/merge-identity';
import { sendEvents, shopEvents, shopItems, trainNow } from './support';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

async function recommended(t: { key: string }, userId: string): Promise<string[]> {
  const res = await api.request(`/v1/recommendations?userId=${userId}&limit=60`, { key: t.key });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
}

async function shop() {
  const t = await tenant();
  expect((await putItems(api, t.key, shopItems())).status).toBe(200);
  await sendEvents(api, t.key, shopEvents());
  await trainNow(t.workspaceId);
  return t;
}

/** The anonymous visitor viewed two items the model would recommend to the new user. */
async function browseAnonymously(t: { key: string }, anonymousId: string, userId: string) {
  const before = await recommended(t, userId);
  const seen = before.slice(0, 2);
  expect(seen).toHaveLength(2);
  await sendEvents(api, t.key, seen.map((itemId, n) => ({ id: `${anonymousId}-${n}`, type: 'purchase', anonymousId, itemId })));
  expect(await recommended(t, userId)).toEqual(expect.arrayContaining(seen)); // not the user's yet
  return seen;
}

describe('identify merge in serving', () => {
  it('POST /v1/identify: the next recommendation for the user leaves out what the visitor bought', async () => {
    const t = await shop();
    const seen = await browseAnonymously(t, 'anon-1', 'new-user-1');
    const res = await api.request('/v1/identify', { ...json('POST', { anonymousId: 'anon-1', userId: 'new-user-1' }), key: t.key });
    expect(res.status).toBe(200);
    const after = await recommended(t, 'new-user-1');
    for (const id of seen) expect(after).not.toContain(id);
  });

  it('a merge recorded by another process reaches serving through the database tail', async () => {
    const t = await shop();
    const seen = await browseAnonymously(t, 'anon-2', 'new-user-2');
    // As another api process would: the merge is committed, nothing tells this process directly.
    await mergeIdentity(t.workspaceId, { anonymousId: 'anon-2', userId: 'new-user-2' });
    await expect.poll(async () => (await recommended(t, 'new-user-2')).filter((id) => seen.includes(id)), { timeout: 5000, interval: 200 }).toEqual([]);
  });
});
