import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe('GET /v1/usage', () => {
  it("shows only the key's own workspace usage (no cross-tenant reads)", async () => {
    const a = await buildOwner();
    const b = await buildOwner();
    const keyA = (await buildKey(a, { scopes: ['usage:read'] })).key;
    const keyB = (await buildKey(b, { scopes: ['usage:read'] })).key;
    await db().$transaction((tx) =>
      recordUsage(tx, [
        { workspaceId: a.workspace.id, meter: 'events', quantity: 7 },
        { workspaceId: b.workspace.id, meter: 'events', quantity: 1000 },
        { workspaceId: b.workspace.id, meter: 'chat_messages', quantity: 3 },
      ]),
    );
    const usageA = await (await api.request('/v1/usage', { key: keyA })).json();
    expect(usageA.meters).toEqual({ events: 7, recommendations: 0, chat_messages: 0, sentiment_texts: 0, embedding_texts: 0 });
    const usageB = await (await api.request('/v1/usage', { key: keyB })).json();
    expect(usageB.meters.events).toBe(1000);
    expect(usageB.meters.chat_messages).toBe(3);
    expect(new Date(usageA.period.start).getUTCDate()).toBe(1);
  });

  it('needs the usage:read scope', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, { scopes: ['events:write'] });
    const res = await api.request('/v1/usage', { key });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/usage:read/);
  });
});
