// Issue 13, finding 8: erasure deleted events but left the person's chat transcripts readable.
// Erasure must reach every table and derived store that holds them, and say what it removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { db } from '@/services/db/client';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { acceptMessage } from '@/services/chat/accept-message';
import { storeAnswer } from '@/services/chat/store-answer';
import { giveFeedback } from '@/services/chat/give-feedback';
import { liveState } from '@/services/recommend/serving/registry';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const NAME = 'Jane Doe';
const PHONE = '+44 20 7946 0958';

/** A conversation of `userId` (or anonymous): the visitor's message, the bot's answer, feedback on it. */
async function converse(workspaceId: string, userId: string | undefined, text: string, comment = 'great, thanks') {
  const turn = await acceptMessage(workspaceId, { text, userId, userVerified: false });
  await storeAnswer({
    workspaceId,
    conversationId: turn.conversationId,
    messageId: turn.answerId,
    seq: turn.seq + 1,
    text: 'Thanks, we will call you.',
    answered: true,
    intent: 'answer',
    method: 'extractive',
    latencyMs: 5,
    confidence: 0.9,
    citations: [],
    products: [],
    handoffRequested: false,
  });
  await giveFeedback(workspaceId, turn.conversationId, { rating: 'up', comment });
  return turn.conversationId;
}

/** Every row of every table of the workspace whose values contain `needle` (as JSON text). */
async function rowsMentioning(workspaceId: string, needle: string) {
  const tables = await db().$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'workspaceId' ORDER BY table_name`;
  const found: { table: string; row: string }[] = [];
  for (const { table_name: table } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE "workspaceId" = $1 AND row_to_json(t)::text ILIKE $2`,
      workspaceId,
      `%${needle}%`,
    );
    for (const r of rows) found.push({ table, row: r.row });
  }
  return found;
}

describe('DELETE /v1/users/:id reaches every store (issue 13, finding 8)', () => {
  it("erases the person's events, record, conversations, messages, feedback and in-memory profile; nobody else's", async () => {
    const a = await tenant();
    const b = await tenant();
    const user = 'cust-8812-jane';
    for (const t of [a, b]) {
      await putItems(api, t.key, [{ id: 'shoe' }, { id: 'sock' }]);
      await api.request('/v1/users', { ...json('PUT', { users: [{ id: user, traits: { name: NAME, phone: PHONE } }, { id: 'bob' }] }), key: t.key });
      const events = [user, 'bob'].flatMap((u) => ['shoe', 'sock'].map((i) => ({ id: `${t.workspaceId}-${u}-${i}`, type: 'view', userId: u, itemId: i })));
      expect((await (await api.request('/v1/events', { ...json('POST', { events }), key: t.key })).json()).accepted).toBe(4);
    }
    const text = `Hi, I am ${NAME}, my parcel is late, call me on ${PHONE}`;
    await converse(a.workspaceId, user, text, `great, ${NAME} here`);
    await converse(a.workspaceId, user, 'Another question about my order 123456789');
    const bobs = await converse(a.workspaceId, 'bob', 'Hello from Bob');
    const anonymous = await converse(a.workspaceId, undefined, 'Hello, just browsing');
    const inB = await converse(b.workspaceId, user, text); // the same user id in another workspace

    // The api holds the user's history in memory once it served them.
    expect((await api.request(`/v1/recommendations?userId=${user}`, { key: a.key })).status).toBe(200);
    expect((await liveState(a.workspaceId)).histories.has(user)).toBe(true);
    expect(await rowsMentioning(a.workspaceId, PHONE)).not.toEqual([]);

    const res = await api.request(`/v1/users/${user}`, { method: 'DELETE', key: a.key });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: user,
      userDeleted: true,
      eventsDeleted: 2,
      erased: { user: 1, events: 2, conversations: 2, messages: 4, feedback: 2, recommendationProfiles: 1 },
    });

    // No row of any table of the workspace mentions them any more; only the audit line of the
    // erasure names the id (who erased which id, and how much: the record that it was done).
    expect(await rowsMentioning(a.workspaceId, NAME)).toEqual([]);
    expect(await rowsMentioning(a.workspaceId, PHONE)).toEqual([]);
    expect((await rowsMentioning(a.workspaceId, user)).map((r) => r.table)).toEqual(['AuditLog']);
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: a.workspaceId, action: 'end_user.erased' } });
    expect(audit.metadata).toMatchObject({ erased: { conversations: 2, messages: 4, feedback: 2, events: 2, user: 1 } });
    // Nor the api's memory.
    const state = await liveState(a.workspaceId);
    expect(state.histories.has(user)).toBe(false);
    expect(state.profiles.has(user)).toBe(false);

    // Bob, the anonymous visitor, and the same user id in workspace B are untouched (cross-tenant).
    expect(await db().conversation.count({ where: { workspaceId: a.workspaceId, id: { in: [bobs, anonymous] } } })).toBe(2);
    expect(await db().chatMessage.count({ where: { workspaceId: a.workspaceId, conversationId: { in: [bobs, anonymous] } } })).toBe(4);
    expect(await db().event.count({ where: { workspaceId: a.workspaceId, userId: 'bob' } })).toBe(2);
    expect(await db().conversation.count({ where: { workspaceId: b.workspaceId, id: inB, userId: user } })).toBe(1);
    expect(await db().chatMessage.count({ where: { workspaceId: b.workspaceId, conversationId: inB, text } })).toBe(1);
    expect(await db().event.count({ where: { workspaceId: b.workspaceId, userId: user } })).toBe(2);
    expect(await db().endUser.count({ where: { workspaceId: b.workspaceId, id: user } })).toBe(1);
    expect((await rowsMentioning(b.workspaceId, PHONE)).length).toBeGreaterThan(0);
  });
});
