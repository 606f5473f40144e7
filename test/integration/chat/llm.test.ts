// The LLM path (LLM_BASE_URL set) against a local fake OpenAI-compatible server, streaming included.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { startApiServer } from '@/test/support/api-server';
import type { Api } from '@/test/support/catalog';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { chat, chatTenant, SHOP_ORIGIN, type SseEvent } from '@/test/support/chat';
import { startFakeLlm, type FakeLlm } from '@/test/support/fake-llm';

let llm: FakeLlm;
let api: Api;
let shop: Awaited<ReturnType<typeof chatTenant>>;
beforeAll(async () => {
  llm = await startFakeLlm();
  // Read once, at the first use of the configuration (nothing has used it yet in this process).
  process.env.LLM_BASE_URL = llm.baseUrl;
  process.env.LLM_API_KEY = 'sk-fake-llm-key';
  process.env.LLM_MODEL = 'fake-model-7b';
  process.env.LLM_TIMEOUT_MS = '800';
  await loadChatModels();
  api = await startApiServer();
  shop = await chatTenant();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await llm?.close();
  await stopChatModels();
});

// Every scripted behaviour must have been used by its own test (a leftover would leak into the next).
afterEach(() => {
  const leftover = llm.script.splice(0);
  expect(leftover).toEqual([]);
});

const botMessage = (conversationId: string) => db().chatMessage.findFirst({ where: { workspaceId: shop.workspaceId, conversationId, role: 'bot' }, orderBy: { seq: 'desc' } });

describe('answers from an OpenAI-compatible LLM', () => {
  it('streams the model\'s tokens as deltas, grounded on the retrieved passages, with the sources it cites', async () => {
    llm.script.push({ kind: 'stream', chunks: ['Express ', 'delivery ', 'costs ', '12.95 euros ', 'and arrives ', 'the next working day [1].'], delayMs: 30 });
    const before = llm.requests.length;
    const { status, body } = await chat(api, shop.publishable, { message: 'How much does express delivery cost?' }, { origin: SHOP_ORIGIN, stream: true });
    expect(status).toBe(200);
    const events = body as SseEvent[];
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text);
    expect(deltas.length).toBeGreaterThanOrEqual(5); // streamed, not buffered into one
    expect(deltas.join('')).toBe('Express delivery costs 12.95 euros and arrives the next working day [1].');
    expect(events.map((e) => e.event).slice(-2)).toEqual(['citations', 'done']);
    const citations = events.at(-2)!.data.citations as { n: number; heading: string }[];
    expect(citations).toMatchObject([{ n: 1, heading: 'Help › Shipping' }]);

    // What the model was sent: the key, the model, stream: true, the rules and the numbered sources, the question last.
    expect(llm.requests.length).toBe(before + 1);
    const request = llm.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-fake-llm-key');
    expect(request.body).toMatchObject({ model: 'fake-model-7b', stream: true });
    const [system, ...rest] = request.body.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toMatch(/ONLY the numbered sources/);
    expect(system!.content).toMatch(/\[1\] Help centre › Help › Shipping\n.*12\.95 euros/);
    expect(rest.at(-1)).toEqual({ role: 'user', content: 'How much does express delivery cost?' });

    const done = events.at(-1)!.data;
    expect(await botMessage(done.conversationId as string)).toMatchObject({ method: 'llm:fake-model-7b', answered: true, text: deltas.join('') });
  });

  it('sends the last turns as memory', async () => {
    llm.script.push({ kind: 'stream', chunks: ['Standard delivery takes 2 to 4 working days [1].'] }, { kind: 'stream', chunks: ['It costs 4.95 euros [1].'] });
    const first = await chat(api, shop.secret, { message: 'How long does standard delivery take?' });
    await chat(api, shop.secret, { message: 'How much does standard delivery cost?', conversationId: first.body.conversationId });
    const messages = llm.requests.at(-1)!.body.messages.slice(1);
    expect(messages).toEqual([
      { role: 'user', content: 'How long does standard delivery take?' },
      { role: 'assistant', content: 'Standard delivery takes 2 to 4 working days [1].' },
      { role: 'user', content: 'How much does standard delivery cost?' },
    ]);
  });

  it('turns NO_ANSWER into "don\'t know" with the offer of a person, without leaking the marker', async () => {
    llm.script.push({ kind: 'stream', chunks: ['NO_', 'ANS', 'WER'] });
    const { body } = await chat(api, shop.secret, { message: 'Is every tent covered by the lifetime warranty?' }, { stream: true });
    const events = body as SseEvent[];
    const text = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(text).toBe("Sorry, I don't know the answer to that. Would you like to talk to a person?");
    expect(events.at(-1)!.data).toMatchObject({ answered: false, handoff: true });
  });

  it('does not call the model when nothing relevant is retrieved', async () => {
    const before = llm.requests.length;
    const { body } = await chat(api, shop.secret, { message: 'What is the capital of France?' });
    expect(body).toMatchObject({ answered: false, handoff: true });
    expect(llm.requests.length).toBe(before);
  });

  it('falls back to the extractive answer when the model fails or times out before answering', async () => {
    llm.script.push({ kind: 'status', status: 500, body: '{"error":{"message":"overloaded"}}' }, { kind: 'hang' });
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = Date.now();
      const { status, body } = await chat(api, shop.secret, { message: 'How much does express delivery cost?' });
      expect(status).toBe(200);
      expect(body.answered).toBe(true);
      expect(body.answer).toContain('12.95 euros');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await botMessage(body.conversationId)).toMatchObject({ method: 'extractive:llm-failed' });
    }
  });

  it('keeps what was streamed when the connection breaks mid-answer, and says it was cut short', async () => {
    llm.script.push({ kind: 'break', chunks: ['Returns are accepted ', 'within 30 days [1]'] });
    const { body } = await chat(api, shop.secret, { message: 'Can I return an item?' }, { stream: true });
    const events = body as SseEvent[];
    const text = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(text).toBe('Returns are accepted within 30 days [1] (The answer was cut short; please ask again.)');
    expect(events.find((e) => e.event === 'citations')!.data.citations).toMatchObject([{ n: 1, heading: 'Help › Returns' }]);
    expect(await botMessage(events.at(-1)!.data.conversationId as string)).toMatchObject({ method: 'llm:fake-model-7b:interrupted' });
  });
});
