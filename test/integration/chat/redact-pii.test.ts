// Issue 13, finding 8: emails, phone numbers and card numbers in visitor messages are redacted
// before they are stored or sent to an LLM (workspace setting `redactPii`, on by default).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { startApiServer } from '@/test/support/api-server';
import { json, type Api } from '@/test/support/catalog';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { chat, chatTenant } from '@/test/support/chat';
import { startFakeLlm, type FakeLlm } from '@/test/support/fake-llm';

let llm: FakeLlm;
let api: Api;
beforeAll(async () => {
  llm = await startFakeLlm();
  process.env.LLM_BASE_URL = llm.baseUrl;
  process.env.LLM_MODEL = 'fake-model-7b';
  process.env.LLM_TIMEOUT_MS = '800';
  // This file is about what reaches the model, not about relevance: the placeholders and the
  // visitor's earlier turn lower a question's retrieval score below the calibrated threshold.
  process.env.CHAT_MIN_RELEVANCE = '0.2';
  await loadChatModels();
  api = await startApiServer();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await llm?.close();
  await stopChatModels();
});
afterEach(() => {
  expect(llm.script.splice(0)).toEqual([]);
});

const PII = 'Hi, I am Jane Doe: jane.doe@example.com, +44 20 7946 0958, card 4111 1111 1111 1111, order 123456789.';
const PII_REDACTED = 'Hi, I am Jane Doe: [email], [phone], card [card], order 123456789.';
const QUESTION = 'How much does express delivery cost? Call 06 12 34 56 78';
const QUESTION_REDACTED = 'How much does express delivery cost? Call [phone]';

const visitorMessages = (workspaceId: string, conversationId: string) =>
  db().chatMessage.findMany({ where: { workspaceId, conversationId, role: 'visitor' }, orderBy: { seq: 'asc' }, select: { text: true } });

describe('PII redaction in chat', () => {
  it('stores the redacted message and sends it to the LLM, as the question and as history, by default', async () => {
    const shop = await chatTenant();
    const first = await chat(api, shop.secret, { message: PII });
    expect(first.status).toBe(200);
    const { conversationId } = first.body;
    expect(await visitorMessages(shop.workspaceId, conversationId)).toEqual([{ text: PII_REDACTED }]);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: conversationId } } });
    expect(conversation.preview).toBe(PII_REDACTED);

    llm.script.push({ kind: 'stream', chunks: ['Express delivery costs 12.95 euros [1].'] });
    const before = llm.requests.length;
    await chat(api, shop.secret, { message: QUESTION, conversationId });
    expect(llm.requests.length).toBe(before + 1);
    const messages = llm.requests.at(-1)!.body.messages;
    expect(messages[1]).toEqual({ role: 'user', content: PII_REDACTED });
    expect(messages.at(-1)).toEqual({ role: 'user', content: QUESTION_REDACTED });
    const prompt = JSON.stringify(messages);
    for (const raw of ['jane.doe@example.com', '7946 0958', '4111', '06 12 34 56 78']) expect(prompt).not.toContain(raw);
    expect(await visitorMessages(shop.workspaceId, conversationId)).toEqual([{ text: PII_REDACTED }, { text: QUESTION_REDACTED }]);

    // Feedback comments are the visitor's free text too.
    const fb = await api.request(`/v1/conversations/${conversationId}/feedback`, { ...json('POST', { rating: 'down', comment: 'call me on +44 20 7946 0958' }), key: shop.secret });
    expect(fb.status).toBe(200);
    const rated = await db().chatMessage.findFirstOrThrow({ where: { workspaceId: shop.workspaceId, conversationId, feedback: 'down' } });
    expect(rated.feedbackComment).toBe('call me on [phone]');
  });

  it('an email left for a person reaches the contact field only; the stored texts are redacted', async () => {
    const shop = await chatTenant();
    const { body } = await chat(api, shop.secret, { message: 'jane.doe@example.com' });
    const conversation = await db().conversation.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: body.conversationId } } });
    expect(conversation.contactEmail).toBe('jane.doe@example.com');
    const texts = await db().chatMessage.findMany({ where: { workspaceId: shop.workspaceId, conversationId: body.conversationId }, orderBy: { seq: 'asc' }, select: { text: true } });
    expect(texts.map((t) => t.text)).toEqual(['[email]', 'Thanks! Our team will write to you at [email].']);
  });

  it('stores and sends the message as written when the workspace turns redaction off', async () => {
    const shop = await chatTenant();
    const off = await api.request('/v1/privacy', { ...json('PATCH', { redactPii: false }), key: shop.secret });
    expect(off.status).toBe(200);
    const first = await chat(api, shop.secret, { message: PII });
    llm.script.push({ kind: 'stream', chunks: ['Express delivery costs 12.95 euros [1].'] });
    await chat(api, shop.secret, { message: QUESTION, conversationId: first.body.conversationId });
    const messages = llm.requests.at(-1)!.body.messages;
    expect(messages[1]).toEqual({ role: 'user', content: PII });
    expect(messages.at(-1)).toEqual({ role: 'user', content: QUESTION });
    expect(await visitorMessages(shop.workspaceId, first.body.conversationId)).toEqual([{ text: PII }, { text: QUESTION }]);
  });
});
