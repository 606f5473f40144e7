import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { identityHash } from '@/services/chat/verify-identity';
import { PLANS } from '@/services/billing/plans';
import { startApiServer } from '@/test/support/api-server';
import { putItems, type Api } from '@/test/support/catalog';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { chat, chatTenant, SHOP_ORIGIN, type SseEvent } from '@/test/support/chat';

let api: Api;
let shop: Awaited<ReturnType<typeof chatTenant>>;
beforeAll(async () => {
  await loadChatModels();
  api = await startApiServer();
  shop = await chatTenant();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopChatModels();
});

const usage = async (workspaceId: string) =>
  (await db().usageRecord.aggregate({ where: { workspaceId, meter: 'chat_messages' }, _sum: { quantity: true } }))._sum.quantity ?? 0;
const messagesOf = (workspaceId: string, conversationId: string) =>
  db().chatMessage.findMany({ where: { workspaceId, conversationId }, orderBy: { seq: 'asc' } });

describe('POST /v1/chat: answers from the knowledge base', () => {
  it('answers a covered question with the relevant sentence and a citation, stores both messages and meters one unit', async () => {
    const t = await chatTenant();
    const { status, body } = await chat(api, t.secret, { message: 'How much does express delivery cost?' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ answered: true, handoff: false, products: [] });
    expect(body.answer).toContain('12.95 euros');
    expect(body.answer).toMatch(/\[1\]$/);
    expect(body.answer).not.toContain('refund');
    expect(body.citations).toEqual([
      {
        n: 1,
        documentId: t.documentIds[0],
        title: 'Help centre',
        heading: 'Help › Shipping',
        url: expect.stringMatching(new RegExp(`/kb/${t.workspaceId}/${t.documentIds[0]}#c\\d+$`)),
        snippet: expect.stringContaining('Express delivery'),
      },
    ]);
    expect(body.conversationId).toMatch(/^cnv_[0-9A-Za-z]{22}$/);
    expect(body.messageId).toMatch(/^msg_/);
    const stored = await messagesOf(t.workspaceId, body.conversationId);
    expect(stored.map((m) => [m.seq, m.role, m.answered, m.intent])).toEqual([
      [1, 'visitor', null, null],
      [2, 'bot', true, 'answer'],
    ]);
    expect(stored[1]).toMatchObject({ id: body.messageId, text: body.answer, method: 'extractive' });
    expect(stored[1]!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(await usage(t.workspaceId)).toBe(1);
  });

  it('streams server-sent events (delta..., citations, done) to a publishable key on its allowed origin', async () => {
    const { status, headers, body } = await chat(api, shop.publishable, { message: 'How long do I have to return an item?' }, { origin: SHOP_ORIGIN, stream: true });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(headers.get('x-request-id')).toBeTruthy();
    const events = body as SseEvent[];
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('delta');
    expect(names.slice(names.lastIndexOf('delta') + 1)).toEqual(['citations', 'done']);
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text as string);
    const answer = deltas.join('');
    expect(answer).toContain('within 30 days of delivery');
    // Streamed sentence by sentence.
    expect(deltas.length).toBe(answer.match(/[.!?](\s*\[\d+\])?(\s|$)/g)!.length);
    for (const d of deltas.slice(0, -1)) expect(d).toMatch(/[.!?](\s*\[\d+\])?\s$/);
    const done = events.at(-1)!.data;
    expect(done).toMatchObject({ answered: true, handoff: false, conversationId: expect.stringMatching(/^cnv_/), messageId: expect.stringMatching(/^msg_/) });
    const stored = await messagesOf(shop.workspaceId, done.conversationId as string);
    expect(stored[1]!.text).toBe(answer);
  });

  it('says it does not know, and offers a person, below the relevance threshold', async () => {
    const { body } = await chat(api, shop.secret, { message: 'What is the capital of France?' });
    expect(body).toMatchObject({ answered: false, handoff: true, citations: [] });
    expect(body.answer).toMatch(/don't know/);
    expect(body.answer).toMatch(/talk to a person/);
    const conv = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: body.conversationId } } });
    expect(conv).toMatchObject({ unansweredCount: 1, flagged: false });
  });

  it('remembers the conversation: a follow-up is understood with the previous question', async () => {
    const first = await chat(api, shop.secret, { message: 'How long does standard delivery take?' });
    expect(first.body.answer).toContain('2 to 4 working days');
    const second = await chat(api, shop.secret, { message: 'And what does it cost?', conversationId: first.body.conversationId });
    expect(second.status).toBe(200);
    expect(second.body.conversationId).toBe(first.body.conversationId);
    expect(second.body.answered).toBe(true);
    expect(second.body.answer).toMatch(/4\.95 euros/);
    const stored = await messagesOf(shop.workspaceId, first.body.conversationId);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('hands off to a person on request: flags the conversation and keeps the email the visitor leaves', async () => {
    const first = await chat(api, shop.publishable, { message: 'Can I talk to a human please?' }, { origin: SHOP_ORIGIN });
    expect(first.body).toMatchObject({ answered: true, handoff: true });
    expect(first.body.answer).toMatch(/passed this conversation to our team/);
    const second = await chat(api, shop.publishable, { message: 'ana@example.com', conversationId: first.body.conversationId }, { origin: SHOP_ORIGIN });
    expect(second.body.answer).toBe('Thanks! Our team will write to you at ana@example.com.');
    const conv = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: first.body.conversationId } } });
    expect(conv).toMatchObject({ flagged: true, flagReason: 'handoff_requested', contactEmail: 'ana@example.com', messageCount: 4 });
  });

  it('answers greetings without searching, and counts them as answered', async () => {
    const { body } = await chat(api, shop.secret, { message: 'Hello!' });
    expect(body).toMatchObject({ answer: 'Hello! What can I help you with?', answered: true, handoff: false, citations: [] });
  });
});

describe('POST /v1/chat: sentiment', () => {
  it('scores every visitor message with the sentiment model and flags a conversation that turns negative', async () => {
    const t = await chatTenant();
    const happy = await chat(api, t.secret, { message: 'Thank you so much, your shop is wonderful and the delivery was great!' });
    const angry1 = await chat(api, t.secret, { message: 'This is terrible. My order is late, the box was broken and nobody answers my emails.' });
    const id = angry1.body.conversationId as string;
    const angry2 = await chat(api, t.secret, { message: 'Awful service, I am furious and I want my money back now!', conversationId: id });
    expect([happy.status, angry1.status, angry2.status]).toEqual([200, 200, 200]);
    const visitor = await db().chatMessage.findMany({ where: { workspaceId: t.workspaceId, role: 'visitor' }, orderBy: { createdAt: 'asc' } });
    expect(visitor.map((m) => m.sentimentLabel)).toEqual(['positive', 'negative', 'negative']);
    for (const m of visitor) {
      const scores = m.sentimentScores as { negative: number; neutral: number; positive: number };
      expect(scores.negative + scores.neutral + scores.positive).toBeCloseTo(1, 3);
      expect(m.sentimentScore).toBeCloseTo(scores[m.sentimentLabel as 'negative'], 5);
    }
    const calm = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: happy.body.conversationId } } });
    expect(calm).toMatchObject({ flagged: false, lastSentiment: 'positive', negativeCount: 0 });
    const turned = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id } } });
    expect(turned).toMatchObject({ flagged: true, flagReason: 'negative_sentiment', lastSentiment: 'negative', negativeCount: 2 });
  });
});

describe('POST /v1/chat: shopping questions get product cards', () => {
  it('recommends with the recommender for "recommend me ...", finds items like a named one, searches specific asks', async () => {
    const t = await chatTenant([]);
    const { status } = await putItems(api, t.secret, [
      { id: 'tent-1', title: 'Ridgeway Backpacking Tent', description: 'Ultralight two-person tent', categories: ['tents'], price: 249, currency: 'EUR', url: 'https://shop.example/tent-1' },
      { id: 'tent-2', title: 'Ridgeway Family Tent', description: 'Spacious tent for four', categories: ['tents'], price: 399, currency: 'EUR' },
      { id: 'tent-3', title: 'Storm Tunnel Tent', description: 'Four-season backpacking tent', categories: ['tents'], price: 529, currency: 'EUR', available: false },
      { id: 'boot-1', title: 'Granite Hiking Boot', description: 'Waterproof leather boot', categories: ['footwear'], price: 189, currency: 'EUR' },
    ]);
    expect(status).toBe(200);
    // The family tent is the popular one.
    const events = ['u1', 'u2', 'u3'].flatMap((u) => [
      { id: `${u}-v`, type: 'view', userId: u, itemId: 'tent-2' },
      { id: `${u}-p`, type: 'purchase', userId: u, itemId: 'tent-2' },
    ]);
    const sent = await api.request('/v1/events', { method: 'POST', key: t.secret, body: JSON.stringify({ events }), headers: { 'Content-Type': 'application/json' } });
    expect(sent.status).toBe(200);
    const rec = await chat(api, t.secret, { message: 'Can you recommend me a tent?' });
    expect(rec.body.answer).toBe('Here are a few products you might like:');
    expect(rec.body.products.map((p: { id: string }) => p.id)).toEqual(['tent-2', 'tent-1']);
    expect(rec.body.products[0]).toEqual({ id: 'tent-2', title: 'Ridgeway Family Tent', price: 399, currency: 'EUR', url: null, imageUrl: null, reason: 'Popular' });
    expect(rec.body.products[1]).toMatchObject({ id: 'tent-1', url: 'https://shop.example/tent-1' });

    const like = await chat(api, t.secret, { message: 'Show me something like the Ridgeway Family Tent' });
    expect(like.body.answer).toBe('Here are products similar to Ridgeway Family Tent:');
    expect(like.body.products.map((p: { id: string }) => p.id)).toEqual(['tent-1']);
    expect(like.body.products[0].reason).toMatch(/^(Similar to Ridgeway Family Tent|In the same category|Popular in this category)$/);

    const streamed = await chat(api, t.secret, { message: 'recommend waterproof boots' }, { stream: true });
    expect((streamed.body as SseEvent[]).map((e) => e.event)).toEqual(['delta', 'products', 'done']);
    expect((streamed.body as SseEvent[])[1]!.data.products).toMatchObject([{ id: 'boot-1', reason: 'Matches “waterproof boot”' }]);
  });

  it('falls back to the knowledge base when no product matches', async () => {
    const { body } = await chat(api, shop.secret, { message: 'Do you have a warranty on tents?' });
    expect(body.products).toEqual([]);
    expect(body.answer).toContain('lifetime warranty');
  });
});

describe('POST /v1/chat: tenancy and identity', () => {
  it("never retrieves another workspace's documents, and cannot continue another workspace's conversation", async () => {
    const other = await chatTenant([{ kind: 'markdown', title: 'Kayak club', content: '# Kayaks\n\nKayak rental costs 35 euros per day at the lake.' }]);
    const own = await chat(api, other.secret, { message: 'How much does kayak rental cost?' });
    expect(own.body.answer).toContain('35 euros per day');
    // The shop's keys do not see the kayak club's documents, and vice versa.
    const cross = await chat(api, shop.publishable, { message: 'How much does kayak rental cost?' }, { origin: SHOP_ORIGIN });
    expect(cross.body.answered).toBe(false);
    expect(JSON.stringify(cross.body)).not.toMatch(/35 euros|Kayak club/);
    const back = await chat(api, other.secret, { message: 'How much is express delivery?' });
    expect(back.body.answered).toBe(false);
    expect(back.body.citations).toEqual([]);
    const steal = await chat(api, shop.secret, { message: 'hello', conversationId: own.body.conversationId });
    expect(steal.status).toBe(404);
    expect(steal.body.error.code).toBe('not_found');
    expect(await messagesOf(other.workspaceId, own.body.conversationId)).toHaveLength(2);
  });

  it('with an identity secret, a publishable key needs a matching userHash for a userId', async () => {
    const t = await chatTenant([]);
    await db().chatSettings.upsert({ where: { workspaceId: t.workspaceId }, create: { workspaceId: t.workspaceId, identitySecret: 'whsec-test-secret' }, update: { identitySecret: 'whsec-test-secret' } });
    const send = (body: object) => chat(api, t.publishable, { message: 'hi', ...body }, { origin: SHOP_ORIGIN });
    const missing = await send({ userId: 'u-1' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toMatch(/send userHash/);
    const wrong = await send({ userId: 'u-1', userHash: identityHash('another-secret', 'u-1') });
    expect(wrong.status).toBe(403);
    const good = await send({ userId: 'u-1', userHash: identityHash('whsec-test-secret', 'u-1') });
    expect(good.status).toBe(200);
    const anonymous = await send({});
    expect(anonymous.status).toBe(200);
    const conv = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: good.body.conversationId } } });
    expect(conv).toMatchObject({ userId: 'u-1', userVerified: true });
    // Another user id cannot continue u-1's conversation.
    const hijack = await send({ userId: 'u-2', userHash: identityHash('whsec-test-secret', 'u-2'), conversationId: good.body.conversationId });
    expect(hijack.status).toBe(404);
    // Secret keys are servers: their userId is trusted as is.
    const server = await chat(api, t.secret, { message: 'hi', userId: 'u-3' });
    expect(server.status).toBe(200);
    expect(await usage(t.workspaceId)).toBe(3);
  });
});

describe('POST /v1/chat: refusals are clean 4xx with the one error shape', () => {
  it('refuses bad input with every problem listed, and stores and meters nothing', async () => {
    const t = await chatTenant([]);
    const cases: [unknown, number, string, string?][] = [
      [{}, 400, 'validation_failed', 'body.message'],
      [{ message: '' }, 400, 'validation_failed', 'body.message'],
      [{ message: '   ' }, 400, 'validation_failed', 'body.message'],
      [{ message: 'x'.repeat(2001) }, 400, 'validation_failed', 'body.message'],
      [{ message: 'a\u0000b' }, 400, 'validation_failed', 'body.message'],
      [{ message: 42 }, 400, 'validation_failed', 'body.message'],
      [{ message: 'hi', extra: 1 }, 400, 'validation_failed'],
      [{ message: 'hi', conversationId: 'bad\nid' }, 400, 'validation_failed', 'body.conversationId'],
      [{ message: 'hi', userHash: 'zz' }, 400, 'validation_failed', 'body.userHash'],
      [{ message: 'hi', userHash: 'a'.repeat(64) }, 400, 'validation_failed', 'body.userHash'],
      [{ message: 'hi', conversationId: 'cnv_doesnotexist' }, 404, 'not_found'],
      ['{"message": ', 400, 'invalid_json'],
      [[1, 2], 400, 'validation_failed'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await chat(api, t.secret, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
      if (path) expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    const big = await chat(api, t.secret, { message: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(await db().chatMessage.count({ where: { workspaceId: t.workspaceId } })).toBe(0);
    expect(await usage(t.workspaceId)).toBe(0);
  });

  it('refuses missing keys, keys without the chat scope, and publishable keys off their origins', async () => {
    const noScope = await chatTenant([], { secretScopes: ['events:write'] });
    const cases: [string | undefined, string | undefined, number, string][] = [
      [undefined, undefined, 401, 'unauthorized'],
      ['sk_live_not-a-real-key', undefined, 401, 'unauthorized'],
      [noScope.secret, undefined, 403, 'forbidden'],
      [shop.publishable, 'https://evil.example', 403, 'origin_not_allowed'],
      [shop.publishable, undefined, 403, 'origin_not_allowed'],
    ];
    for (const [key, origin, status, code] of cases) {
      const res = await api.request('/v1/chat', {
        method: 'POST',
        ...(key ? { key } : {}),
        body: JSON.stringify({ message: 'How long does standard delivery take?' }),
        headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
      });
      expect(res.status, `${key} ${origin}`).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('POST /v1/chat: quota', () => {
  it('on the Free plan, a message past the monthly chat_messages quota gets 429 quota_exceeded and is not stored', async () => {
    const t = await chatTenant();
    const cap = PLANS.free.included.chat_messages;
    await db().usageRecord.create({ data: { workspaceId: t.workspaceId, meter: 'chat_messages', quantity: cap - 1 } });
    const last = await chat(api, t.publishable, { message: 'How much does express delivery cost?' }, { origin: SHOP_ORIGIN });
    expect(last.status).toBe(200);
    const over = await chat(api, t.publishable, { message: 'And standard delivery?' }, { origin: SHOP_ORIGIN, stream: true });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('quota_exceeded');
    expect(over.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN); // the widget can read why
    expect(await db().chatMessage.count({ where: { workspaceId: t.workspaceId } })).toBe(2);
    expect(await usage(t.workspaceId)).toBe(cap);
  });
});

describe('POST /v1/chat: nothing accepted is lost', () => {
  it('stores the answer even when the client disconnects mid-stream', async () => {
    const t = await chatTenant();
    const controller = new AbortController();
    const res = await api.request('/v1/chat', {
      method: 'POST',
      key: t.secret,
      body: JSON.stringify({ message: 'How long does standard delivery take?' }),
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    controller.abort();
    let rows: { role: string }[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await db().chatMessage.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { seq: 'asc' } });
    }
    expect(rows.map((r) => r.role)).toEqual(['visitor', 'bot']);
    expect(await usage(t.workspaceId)).toBe(1);
  });

  it('keeps every message of concurrent turns in one conversation, each with its own answer', async () => {
    const first = await chat(api, shop.secret, { message: 'Hello' });
    const id = first.body.conversationId as string;
    const results = await Promise.all(
      ['How long does standard delivery take?', 'How much is express delivery?', 'Can I return an item?', 'Do tents have a warranty?'].map((message) => chat(api, shop.secret, { message, conversationId: id })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await messagesOf(shop.workspaceId, id);
    expect(stored).toHaveLength(10);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Each answer sits right after its question.
    for (let i = 0; i < stored.length; i += 2) expect([stored[i]!.role, stored[i + 1]!.role]).toEqual(['visitor', 'bot']);
  });
});
