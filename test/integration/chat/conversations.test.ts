import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { startApiServer } from '@/test/support/api-server';
import { json, type Api } from '@/test/support/catalog';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { chat, chatTenant, SHOP_ORIGIN } from '@/test/support/chat';

let api: Api;
let shop: Awaited<ReturnType<typeof chatTenant>>;
let other: Awaited<ReturnType<typeof chatTenant>>;
beforeAll(async () => {
  await loadChatModels();
  api = await startApiServer();
  [shop, other] = [await chatTenant(), await chatTenant([])];
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopChatModels();
});

const get = async (path: string, key: string, origin?: string) => {
  const res = await api.request(path, { key, headers: origin ? { Origin: origin } : {} });
  return { status: res.status, body: await res.json() };
};
const feedback = async (id: string, key: string, body: unknown, origin?: string) => {
  const res = await api.request(`/v1/conversations/${encodeURIComponent(id)}/feedback`, { ...json('POST', body), key, headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) } });
  return { status: res.status, body: await res.json() };
};

describe('GET /v1/conversations/:id', () => {
  it('returns the transcript; secret keys also see sentiment fields and the flag, publishable keys do not', async () => {
    const first = await chat(api, shop.publishable, { message: 'How much is express delivery?' }, { origin: SHOP_ORIGIN });
    await chat(api, shop.publishable, { message: 'What is the capital of France?', conversationId: first.body.conversationId }, { origin: SHOP_ORIGIN });
    const asVisitor = await get(`/v1/conversations/${first.body.conversationId}`, shop.publishable, SHOP_ORIGIN);
    expect(asVisitor.status).toBe(200);
    expect(asVisitor.body).toMatchObject({ id: first.body.conversationId, status: 'open', userId: null });
    expect(asVisitor.body.flagged).toBeUndefined();
    expect(asVisitor.body.messages.map((m: { role: string; answered: boolean | null }) => [m.role, m.answered])).toEqual([
      ['visitor', null],
      ['bot', true],
      ['visitor', null],
      ['bot', false],
    ]);
    expect(asVisitor.body.messages[1]).toMatchObject({ id: first.body.messageId, text: first.body.answer, citations: first.body.citations, products: [], feedback: null });
    expect(asVisitor.body.messages[0].sentiment).toBeUndefined();
    const asServer = await get(`/v1/conversations/${first.body.conversationId}`, shop.secret);
    expect(asServer.body.flagged).toBe(false);
    expect(asServer.body.messages[0].sentiment).toEqual({ label: expect.stringMatching(/^(negative|neutral|positive)$/), score: expect.any(Number) });
    expect('sentiment' in asServer.body.messages[1]).toBe(false);
  });

  it("is 404 for another workspace's conversation and for unknown ids; 400 for malformed ids; 403 off-origin", async () => {
    const own = await chat(api, other.secret, { message: 'Hello' });
    expect((await get(`/v1/conversations/${own.body.conversationId}`, shop.secret)).status).toBe(404);
    expect((await get(`/v1/conversations/${own.body.conversationId}`, shop.publishable, SHOP_ORIGIN)).body.error.code).toBe('not_found');
    expect((await get('/v1/conversations/cnv_nope', shop.secret)).status).toBe(404);
    const bad = await get(`/v1/conversations/${encodeURIComponent('a\u0001b')}`, shop.secret);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('params.id');
    expect((await get(`/v1/conversations/${own.body.conversationId}`, other.publishable, 'https://evil.example')).status).toBe(403);
  });
});

describe('POST /v1/conversations/:id/feedback', () => {
  it('rates the latest answer or a given one, replaces an earlier rating, and keeps a comment', async () => {
    const first = await chat(api, shop.publishable, { message: 'How long does standard delivery take?' }, { origin: SHOP_ORIGIN });
    const second = await chat(api, shop.publishable, { message: 'Can I return an item?', conversationId: first.body.conversationId }, { origin: SHOP_ORIGIN });
    const id = first.body.conversationId as string;
    expect(await feedback(id, shop.publishable, { rating: 'up' }, SHOP_ORIGIN)).toEqual({ status: 200, body: { messageId: second.body.messageId, rating: 'up' } });
    expect((await feedback(id, shop.publishable, { rating: 'down', messageId: first.body.messageId, comment: ' too vague ' }, SHOP_ORIGIN)).status).toBe(200);
    expect((await feedback(id, shop.publishable, { rating: 'up', messageId: first.body.messageId }, SHOP_ORIGIN)).status).toBe(200);
    const rows = await db().chatMessage.findMany({ where: { workspaceId: shop.workspaceId, conversationId: id, role: 'bot' }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.feedback, r.feedbackComment])).toEqual([
      ['up', null],
      ['up', null],
    ]);
    await feedback(id, shop.secret, { rating: 'down', comment: ' too vague ' });
    expect((await db().chatMessage.findUnique({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: second.body.messageId } } }))!.feedbackComment).toBe('too vague');
    const transcript = await get(`/v1/conversations/${id}`, shop.secret);
    expect(transcript.body.messages.map((m: { feedback: string | null }) => m.feedback)).toEqual([null, 'up', null, 'down']);
  });

  it('refuses bad ratings, visitor messages, foreign conversations and unknown messages cleanly', async () => {
    const mine = await chat(api, shop.secret, { message: 'Hello' });
    const theirs = await chat(api, other.secret, { message: 'Hello' });
    const visitorMessage = (await db().chatMessage.findFirst({ where: { workspaceId: shop.workspaceId, conversationId: mine.body.conversationId, role: 'visitor' } }))!.id;
    const cases: [string, unknown, number, string][] = [
      [mine.body.conversationId, { rating: 'meh' }, 400, 'validation_failed'],
      [mine.body.conversationId, {}, 400, 'validation_failed'],
      [mine.body.conversationId, { rating: 'up', comment: 'x'.repeat(1001) }, 400, 'validation_failed'],
      [mine.body.conversationId, { rating: 'up', messageId: visitorMessage }, 404, 'not_found'],
      [mine.body.conversationId, { rating: 'up', messageId: 'msg_unknown' }, 404, 'not_found'],
      [theirs.body.conversationId, { rating: 'up' }, 404, 'not_found'],
      ['cnv_unknown', { rating: 'up' }, 404, 'not_found'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await feedback(id, shop.secret, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect(await db().chatMessage.count({ where: { workspaceId: other.workspaceId, feedback: { not: null } } })).toBe(0);
  });
});

describe('GET /v1/widget/config', () => {
  it('gives the theme to the widget (defaults, then what the dashboard saved), on allowed origins only', async () => {
    const t = await chatTenant([]);
    const before = await get('/v1/widget/config', t.publishable, SHOP_ORIGIN);
    expect(before).toEqual({ status: 200, body: { title: 'Questions? Ask us', greeting: expect.any(String), color: '#4f46e5', position: 'right', identityVerification: false, botName: null, starterQuestions: [] } });
    await db().chatSettings.upsert({
      where: { workspaceId: t.workspaceId },
      create: { workspaceId: t.workspaceId, title: 'Ask Trailhead', color: '#0f766e', position: 'left', greeting: 'Hey hiker!', identitySecret: 's3cret' },
      update: {},
    });
    expect((await get('/v1/widget/config', t.publishable, SHOP_ORIGIN)).body).toEqual({ title: 'Ask Trailhead', greeting: 'Hey hiker!', color: '#0f766e', position: 'left', identityVerification: true, botName: null, starterQuestions: [] });
    const refused = await get('/v1/widget/config', t.publishable, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
  });
});
