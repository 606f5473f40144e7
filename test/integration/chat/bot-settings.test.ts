// Bot settings per workspace (no LLM in this file; see bot-settings-llm.test.ts): they change what
// visitors get through the real api (fallback text, threshold, greeting, widget config), validation
// names the field, only admins change them, other workspaces see nothing, and every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { describeValidation } from '@/services/errors/describe-validation';
import { createCase } from '@/services/bot-tests/cases';
import { executeRun } from '@/services/bot-tests/execute-run';
import { startRun } from '@/services/bot-tests/start-run';
import { previewThresholdEffect, thresholdPreviewData } from '@/services/bot-tests/threshold-preview';
import { getBotSettings } from '@/services/chat/get-bot-settings';
import { updateBotSettings } from '@/services/chat/update-bot-settings';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { inviteMember } from '@/services/members/invite-member';
import { signUp } from '@/services/auth/sign-up';
import { startApiServer } from '@/test/support/api-server';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import type { Api } from '@/test/support/catalog';
import { chat, chatTenant, SHOP_ORIGIN } from '@/test/support/chat';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';

let api: Api;
let shop: Awaited<ReturnType<typeof chatTenant>>;
let ownerId: string;
let memberId: string;

const base = { name: '', persona: '', fallbackText: '', starterQuestions: [], minRelevance: null, llmBaseUrl: '', llmModel: '' };
const save = (settings: Record<string, unknown>, actorUserId = ownerId, workspaceId = shop.workspaceId) => updateBotSettings({ workspaceId, actorUserId, settings: { ...base, ...settings } });

/** The AppError a promise rejects with: its HTTP status, code and the failing fields. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, fields: (err.details ?? []).map((d) => d.path), details: err.details ?? [] };
    throw err;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  process.env.AUTH_SECRET ??= 'test-auth-secret-for-bot-settings-0123456789';
  await loadChatModels();
  api = await startApiServer();
  shop = await chatTenant();
  ownerId = shop.owner.user.id;
  const email = uniqueEmail('member');
  const { user } = await signUp({ email, name: 'Member', password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: shop.workspaceId, actorUserId: ownerId, email, role: 'member' });
  await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  memberId = user.id;
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopChatModels();
});

const widgetConfig = async () => {
  const res = await api.request('/v1/widget/config', { key: shop.publishable, headers: { Origin: SHOP_ORIGIN } });
  return { status: res.status, body: await res.json() };
};

describe('bot settings change what visitors get', () => {
  it('says the fallback text on an unanswerable question, and the default again once it is cleared', async () => {
    await save({ fallbackText: '  I am not sure about that one; our crew can help.  ' });
    const { status, body } = await chat(api, shop.secret, { message: 'What is the capital of France?' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ answered: false, handoff: true, answer: 'I am not sure about that one; our crew can help.' });
    await save({ fallbackText: '' });
    expect((await chat(api, shop.secret, { message: 'What is the capital of France?' })).body.answer).toBe("Sorry, I don't know the answer to that. Would you like to talk to a person?");
  });

  it('introduces the bot by its name in the greeting reply and the widget config, with the starter questions', async () => {
    await save({ name: 'Trail Guide', starterQuestions: ['How long does delivery take?', '  Can I return an item?  '] });
    expect((await chat(api, shop.secret, { message: 'Hello' })).body.answer).toBe("Hello! I'm Trail Guide. What can I help you with?");
    const config = await widgetConfig();
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({ botName: 'Trail Guide', starterQuestions: ['How long does delivery take?', 'Can I return an item?'] });
    await save({});
    expect((await widgetConfig()).body).toMatchObject({ botName: null, starterQuestions: [] });
    expect((await chat(api, shop.secret, { message: 'Hello' })).body.answer).toBe('Hello! What can I help you with?');
  });

  it('answers or says it does not know by the workspace threshold, as the preview on the test questions counts', async () => {
    const questions = ['How much does express delivery cost?', 'Do you ship to Norway?', 'Is there a warranty on zips?', 'What about refunds for used items?', 'Can I pay with crypto?'];
    for (const question of questions) await createCase(shop.workspaceId, { question, expectedFacts: [], expectedDocumentId: null, shouldNotAnswer: question.includes('crypto') });
    const run = await startRun(shop.workspaceId);
    await executeRun(shop.workspaceId, run.id);
    const measured = await thresholdPreviewData(shop.workspaceId);
    expect(measured.run?.id).toBe(run.id);
    expect(measured.questions).toHaveLength(questions.length);
    expect(measured.notMeasured).toBe(0);
    // A question whose relevance lies inside the settable range, so that thresholds on either side of it exist.
    const middle = measured.questions.find((q) => q.relevance > 0.22 && q.relevance < 0.88);
    expect(middle, JSON.stringify(measured.questions.map((q) => [q.question, q.relevance]))).toBeDefined();
    const above = Math.round((middle!.relevance + 0.015) * 1000) / 1000;
    const below = Math.round((middle!.relevance - 0.015) * 1000) / 1000;

    await save({ minRelevance: above });
    expect((await chat(api, shop.secret, { message: middle!.question })).body).toMatchObject({ answered: false });
    await save({ minRelevance: below });
    expect((await chat(api, shop.secret, { message: middle!.question })).body).toMatchObject({ answered: true });

    // The preview counts exactly what the relevances say, and the middle question moves between the two.
    const count = (t: number) => measured.questions.filter((q) => q.relevance >= t).length;
    const atAbove = await previewThresholdEffect(shop.workspaceId, above);
    const atBelow = await previewThresholdEffect(shop.workspaceId, below);
    expect(atAbove).toMatchObject({ answered: count(above), dontKnow: questions.length - count(above), runId: run.id, notMeasured: 0 });
    expect(atBelow.answered).toBe(count(below));
    expect(atBelow.answered).toBeGreaterThan(atAbove.answered);
    expect((await failure(previewThresholdEffect(shop.workspaceId, 1.5))).fields).toEqual(['threshold']);

    // An edited test is no longer counted until the next run.
    const edited = await db().botTestCase.findFirstOrThrow({ where: { workspaceId: shop.workspaceId, question: questions[0] } });
    await db().botTestCase.update({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id: edited.id } }, data: { question: 'How much is express shipping?' } });
    expect((await thresholdPreviewData(shop.workspaceId)).notMeasured).toBe(1);
    await save({});
  });
});

describe('validation, roles and tenancy', () => {
  it('answers bad input with 400 naming the field', async () => {
    const five = await failure(save({ starterQuestions: ['a?', 'b?', 'c?', 'd?', 'e?'] }));
    expect(five).toMatchObject({ status: 400, code: 'validation_failed', fields: ['starterQuestions'] });
    expect(await failure(save({ minRelevance: 1.5 }))).toMatchObject({ status: 400, fields: ['minRelevance'] });
    expect(await failure(save({ minRelevance: 0.1 }))).toMatchObject({ status: 400, fields: ['minRelevance'] });
    expect(await failure(save({ llmBaseUrl: 'ftp://models.example/v1' }))).toMatchObject({ status: 400, fields: ['llmBaseUrl'] });
    expect(await failure(save({ llmBaseUrl: 'javascript:alert(1)' }))).toMatchObject({ status: 400, fields: ['llmBaseUrl'] });
    for (const url of ['http://10.0.0.5/v1', 'http://169.254.169.254/latest', 'http://[::1]:8080/v1', 'http://127.0.0.1:11434/v1']) {
      const f = await failure(save({ llmBaseUrl: url }));
      expect(f, url).toMatchObject({ status: 400, fields: ['llmBaseUrl'] });
      expect(f.details[0]!.message).toMatch(/private address/);
    }
    expect(await failure(save({ starterQuestions: ['fine?', '   '] }))).toMatchObject({ status: 400, fields: ['starterQuestions.1'] });
    expect(await failure(save({ name: 'x'.repeat(61) }))).toMatchObject({ status: 400, fields: ['name'] });
    expect(await failure(save({ llmApiKey: 'sk-new', clearLlmApiKey: true }))).toMatchObject({ status: 400, fields: ['llmApiKey'] });
    expect(await failure(save({ unknownField: 1 }))).toMatchObject({ status: 400 });
    // The dashboard's sentences name the fields in words.
    const described = describeValidation(five.details, { starterQuestions: 'Starter questions' });
    expect(described.fieldErrors.starterQuestions).toMatch(/^Starter questions .*4/);
    // Nothing of a refused save was stored.
    expect((await getBotSettings({ workspaceId: shop.workspaceId, actorUserId: ownerId })).starterQuestions).toEqual([]);
  });

  it('lets members read but not change (403), and another workspace neither (404)', async () => {
    await save({ name: 'Scout' });
    expect((await getBotSettings({ workspaceId: shop.workspaceId, actorUserId: memberId })).name).toBe('Scout');
    expect(await failure(save({ name: 'Hijacked' }, memberId))).toMatchObject({ status: 403, code: 'forbidden' });
    const other = await buildOwner();
    expect(await failure(getBotSettings({ workspaceId: shop.workspaceId, actorUserId: other.user.id }))).toMatchObject({ status: 404 });
    expect(await failure(save({ name: 'Hijacked' }, other.user.id))).toMatchObject({ status: 404 });
    expect((await getBotSettings({ workspaceId: shop.workspaceId, actorUserId: ownerId })).name).toBe('Scout');
    // The other workspace's own settings are its own: still the defaults.
    expect(await getBotSettings({ workspaceId: other.workspace.id, actorUserId: other.user.id })).toMatchObject({ name: null, starterQuestions: [], llmApiKey: { set: false } });
  });

  it('keeps the API key encrypted and write-only: never returned, kept when empty, and removed on request', async () => {
    const key = 'sk-live-workspace-secret-9f3a';
    const saved = await save({ llmModel: 'gpt-4o', llmApiKey: key });
    expect(saved.llmApiKey).toEqual({ set: true, endsWith: '9f3a' });
    const row = await db().chatSettings.findUniqueOrThrow({ where: { workspaceId: shop.workspaceId } });
    expect(row.llmApiKeyEncrypted).toMatch(/^v1\./);
    expect(row.llmApiKeyEncrypted).not.toContain(key);
    for (const view of [saved, await getBotSettings({ workspaceId: shop.workspaceId, actorUserId: ownerId }), await getBotSettings({ workspaceId: shop.workspaceId, actorUserId: memberId }), (await widgetConfig()).body]) {
      expect(JSON.stringify(view)).not.toContain(key);
      expect(JSON.stringify(view)).not.toContain(row.llmApiKeyEncrypted);
    }
    // Empty leaves it; the same ciphertext stays.
    expect((await save({ llmModel: 'gpt-4o-mini' })).llmApiKey.set).toBe(true);
    expect((await db().chatSettings.findUniqueOrThrow({ where: { workspaceId: shop.workspaceId } })).llmApiKeyEncrypted).toBe(row.llmApiKeyEncrypted);
    expect((await save({ llmModel: 'gpt-4o-mini', clearLlmApiKey: true })).llmApiKey).toEqual({ set: false, endsWith: null });

    // Audited: which fields changed (before and after), and the key only as "set" / "cleared".
    const audit = await db().auditLog.findMany({ where: { workspaceId: shop.workspaceId, action: { startsWith: 'bot_settings.' } }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['bot_settings.updated', 'bot_settings.llm_key_set', 'bot_settings.llm_key_cleared']));
    expect(JSON.stringify(audit.map((a) => a.metadata))).not.toContain(key);
    expect(audit.every((a) => a.actorUserId === ownerId)).toBe(true);
    const renamed = audit.find((a) => a.action === 'bot_settings.updated' && JSON.stringify(a.metadata).includes('Scout'));
    expect(renamed?.metadata).toMatchObject({ changed: ['botName'], before: { botName: null }, after: { botName: 'Scout' } });
    // Refused saves wrote no audit line.
    expect(audit.some((a) => JSON.stringify(a.metadata).includes('Hijacked'))).toBe(false);
  });
});
