// A workspace's bot settings on the LLM path, against two local fake OpenAI-compatible servers:
// the deployment's (LLM_* env) and a workspace's own. The workspace's endpoint, model and key are
// used instead of the deployment's, its name and instructions reach the system prompt, and the
// deployment's key never goes to a workspace's endpoint.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { updateBotSettings } from '@/services/chat/update-bot-settings';
import { startApiServer } from '@/test/support/api-server';
import type { Api } from '@/test/support/catalog';
import { chat, chatTenant } from '@/test/support/chat';
import { startFakeLlm, type FakeLlm } from '@/test/support/fake-llm';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';

let deployment: FakeLlm;
let own: FakeLlm;
let api: Api;

const base = { name: '', persona: '', fallbackText: '', starterQuestions: [], minRelevance: null, llmBaseUrl: '', llmModel: '' };
const save = (t: Awaited<ReturnType<typeof chatTenant>>, settings: Record<string, unknown>) =>
  updateBotSettings({ workspaceId: t.workspaceId, actorUserId: t.owner.user.id, settings: { ...base, ...settings } });

beforeAll(async () => {
  deployment = await startFakeLlm();
  own = await startFakeLlm();
  // Read once, at the first use of the configuration (nothing has used it yet in this process).
  process.env.LLM_BASE_URL = deployment.baseUrl;
  process.env.LLM_API_KEY = 'sk-deployment-key';
  process.env.LLM_MODEL = 'deployment-model';
  process.env.LLM_TIMEOUT_MS = '2000';
  // The fakes listen on 127.0.0.1: opened here as an intranet deployment would open its ranges.
  process.env.KB_FETCH_ALLOWED_RANGES = '127.0.0.1';
  process.env.AUTH_SECRET ??= 'test-auth-secret-for-bot-settings-0123456789';
  await loadChatModels();
  api = await startApiServer();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await deployment?.close();
  await own?.close();
  await stopChatModels();
});
afterEach(() => {
  expect(deployment.script.splice(0)).toEqual([]);
  expect(own.script.splice(0)).toEqual([]);
});

const QUESTION = 'How much does express delivery cost?';
const botMessage = (workspaceId: string, conversationId: string) => db().chatMessage.findFirst({ where: { workspaceId, conversationId, role: 'bot' }, orderBy: { seq: 'desc' } });

describe('the workspace LLM settings', () => {
  it("uses the workspace's endpoint, model and key instead of the deployment's, with its name and instructions in the prompt", async () => {
    const shop = await chatTenant();
    await save(shop, { name: 'Trail Guide', persona: 'Speak like a friendly mountain guide. Never promise discounts.', llmBaseUrl: `${own.baseUrl}/`, llmModel: 'ws-model-8b', llmApiKey: 'sk-workspace-key-1234' });
    own.script.push({ kind: 'stream', chunks: ['Express delivery costs 12.95 euros [1].'] });
    const before = { deployment: deployment.requests.length, own: own.requests.length };
    const { status, body } = await chat(api, shop.secret, { message: QUESTION });
    expect(status).toBe(200);
    expect(body).toMatchObject({ answered: true, answer: 'Express delivery costs 12.95 euros [1].' });
    expect(deployment.requests.length).toBe(before.deployment);
    expect(own.requests.length).toBe(before.own + 1);
    const request = own.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-workspace-key-1234');
    expect(request.body.model).toBe('ws-model-8b');
    const system = request.body.messages[0]!.content;
    expect(system).toMatch(/ONLY the numbered sources/);
    expect(system).toContain('Your name is Trail Guide.');
    expect(system).toContain('Speak like a friendly mountain guide. Never promise discounts.');
    // The company's voice comes after the rules and before the sources.
    expect(system.indexOf('mountain guide')).toBeGreaterThan(system.indexOf('ONLY the numbered sources'));
    expect(system.indexOf('mountain guide')).toBeLessThan(system.indexOf('Sources:'));
    expect(await botMessage(shop.workspaceId, body.conversationId)).toMatchObject({ method: 'llm:ws-model-8b' });

    // Another workspace without settings still gets the deployment's model, key and plain prompt.
    const plain = await chatTenant();
    deployment.script.push({ kind: 'stream', chunks: ['It costs 12.95 euros [1].'] });
    await chat(api, plain.secret, { message: QUESTION });
    const sent = deployment.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-deployment-key');
    expect(sent.body.model).toBe('deployment-model');
    expect(sent.body.messages[0]!.content).not.toContain('Your name is');
    expect(sent.body.messages[0]!.content).not.toContain('mountain guide');
  });

  it("uses the workspace's own key and model on the deployment's endpoint when it sets no endpoint", async () => {
    const shop = await chatTenant();
    await save(shop, { llmModel: 'byo-model', llmApiKey: 'sk-bring-your-own-5678' });
    deployment.script.push({ kind: 'stream', chunks: ['Express costs 12.95 euros [1].'] });
    await chat(api, shop.secret, { message: QUESTION });
    const sent = deployment.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-bring-your-own-5678');
    expect(sent.body.model).toBe('byo-model');
  });

  it("never sends the deployment's key to a workspace endpoint, and forgets a stored key when the endpoint changes", async () => {
    const shop = await chatTenant();
    await save(shop, { llmBaseUrl: own.baseUrl });
    own.script.push({ kind: 'stream', chunks: ['12.95 euros [1].'] });
    await chat(api, shop.secret, { message: QUESTION });
    expect(own.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(own.requests.at(-1)!.body.model).toBe('deployment-model');

    expect((await save(shop, { llmBaseUrl: own.baseUrl, llmApiKey: 'sk-for-the-first-endpoint' })).llmApiKey.set).toBe(true);
    // The same endpoint with another path is another endpoint: the key entered for the first is dropped.
    const moved = await save(shop, { llmBaseUrl: own.baseUrl.replace(/\/v1$/, '/v2') });
    expect(moved.llmApiKey).toEqual({ set: false, endsWith: null });
    const audit = await db().auditLog.findFirst({ where: { workspaceId: shop.workspaceId, action: 'bot_settings.llm_key_cleared' } });
    expect(audit?.metadata).toEqual({ reason: 'endpoint_changed' });
  });

  it('answers extractively (never calling the endpoint) when the stored endpoint resolves to a refused address at answer time', async () => {
    const shop = await chatTenant();
    await save(shop, { llmBaseUrl: own.baseUrl });
    // As if the host now resolved elsewhere (DNS rebinding): the stored value is checked again before each turn.
    await db().chatSettings.update({ where: { workspaceId: shop.workspaceId }, data: { llmBaseUrl: 'http://10.1.2.3:8080/v1' } });
    const before = own.requests.length + deployment.requests.length;
    const { body } = await chat(api, shop.secret, { message: QUESTION });
    expect(body).toMatchObject({ answered: true });
    expect(body.answer).toContain('12.95 euros');
    expect(own.requests.length + deployment.requests.length).toBe(before);
  });

  it('says the fallback text when the model answers NO_ANSWER', async () => {
    const shop = await chatTenant();
    await save(shop, { fallbackText: 'Hmm, that is beyond my map. Shall I fetch a person?' });
    deployment.script.push({ kind: 'stream', chunks: ['NO_ANSWER'] });
    const { body } = await chat(api, shop.secret, { message: 'Is every tent covered by the lifetime warranty?' });
    expect(body).toMatchObject({ answered: false, answer: 'Hmm, that is beyond my map. Shall I fetch a person?' });
  });
});
