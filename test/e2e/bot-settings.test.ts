// Browser test of the Bot settings page: real Chromium against `next start`, with the real api
// (widget, chat) running in this process on the same database. An admin names the bot, sets its
// fallback text, starter questions and threshold (the preview counts the workspace's measured test
// questions), enters an LLM key that is never shown again, and the widget preview offers the
// starter questions as buttons that ask them.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApiServer } from '@/services/api/server';
import { createCase } from '@/services/bot-tests/cases';
import { executeRun } from '@/services/bot-tests/execute-run';
import { startRun } from '@/services/bot-tests/start-run';
import { setWidgetKey } from '@/services/chat/set-widget-key';
import { db } from '@/services/db/client';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort } from '@/test/support/api-process';
import { SHOP_FAQ } from '@/test/support/chat';
import { addIndexedDocument, loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const KEY = 'sk-e2e-workspace-key-7c1d';

let web: WebServer;
let closeApi: () => Promise<void>;
let browser: Browser;
let page: Page;
let workspaceId = '';

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  // One AUTH_SECRET for the dashboard (which seals the key) and this process's api (which opens it).
  process.env.AUTH_SECRET ??= randomBytes(32).toString('hex');
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  process.env.PUBLIC_API_URL = apiUrl;
  await loadChatModels();
  const app = await buildApiServer({ logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port });
  closeApi = () => app.close();
  [web, browser] = await Promise.all([
    startWebServer({ databaseUrl, env: { PUBLIC_API_URL: apiUrl, API_PORT: String(port), AUTH_SECRET: process.env.AUTH_SECRET } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  page = await (await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const email = `e2e-bot-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Kim Admin');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel(/Workspace name/).fill('Trailhead');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/signin\?/);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\/ws_[0-9A-Za-z]+$/);
  workspaceId = new URL(page.url()).pathname.split('/')[2]!;

  // The knowledge base, the widget key (the dashboard's origin is allowed) and two measured test questions.
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const { result } = await addIndexedDocument(workspaceId, { kind: 'markdown', title: 'Help centre', content: SHOP_FAQ });
  expect(result.status).toBe('ready');
  await setWidgetKey({ workspaceId, actorUserId: user.id, origins: [new URL(web.url).origin] });
  await createCase(workspaceId, { question: 'How much does express delivery cost?', expectedFacts: [], expectedDocumentId: null, shouldNotAnswer: false });
  await createCase(workspaceId, { question: 'Can I pay with crypto?', expectedFacts: [], expectedDocumentId: null, shouldNotAnswer: true });
  await executeRun(workspaceId, (await startRun(workspaceId)).id);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await closeApi?.();
  await stopChatModels();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

describe('bot settings page', () => {
  it('saves name, fallback, starter questions, threshold and a write-only key; names the failing field', async () => {
    await page.getByRole('link', { name: 'Bot settings' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/bot-settings`);
    await page.getByLabel('Name', { exact: true }).fill('Trail Guide');
    await page.getByLabel('Fallback text').fill('That is beyond my map; shall I fetch a person?');
    await page.getByLabel('Starter question 1').fill('How much does express delivery cost?');
    await page.getByLabel('Starter question 2').fill('Can I return an item?');

    // The preview counts the two measured questions as the slider moves.
    await page.getByTestId('threshold-custom').check();
    const slider = page.locator('#bot-threshold');
    await slider.fill('0.9');
    await expect.poll(() => page.getByTestId('threshold-value').textContent()).toBe('0.90');
    const atHigh = Number((await page.getByTestId('preview-answered').textContent())!.split(' ')[0]);
    await slider.fill('0.2');
    await expect.poll(() => page.getByTestId('threshold-value').textContent()).toBe('0.20');
    const atLow = Number((await page.getByTestId('preview-answered').textContent())!.split(' ')[0]);
    expect(atLow).toBeGreaterThanOrEqual(atHigh);
    expect(atLow + Number((await page.getByTestId('preview-dont-know').textContent())!.split(' ')[0])).toBe(2);

    // A private endpoint is refused, naming the field; nothing is saved.
    await page.getByLabel('Endpoint URL').fill('http://10.0.0.5/v1');
    await page.getByTestId('save-bot-settings').click();
    await expect.poll(() => page.getByTestId('bot-settings-error').textContent()).toMatch(/Endpoint URL .*private address/);
    await page.getByLabel('Endpoint URL').fill('');
    await slider.fill('0.5');
    await page.getByLabel('API key').fill(KEY);
    await page.getByTestId('save-bot-settings').click();
    await page.getByTestId('bot-settings-saved').waitFor();
    // The key left the page: the field is empty, only its last characters are shown, after a reload too.
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('llm-key-status').textContent()).toMatch(/^Set, ending in …7c1d/);
    await page.reload();
    expect(await page.getByTestId('llm-key-status').textContent()).toMatch(/^Set, ending in …7c1d/);
    expect(await page.content()).not.toContain(KEY);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Trail Guide');
    expect(await page.getByTestId('threshold-value').textContent()).toBe('0.50');
    await shot('bot-settings-01');

    await page.getByTestId('clear-llm-key').click();
    await expect.poll(() => page.getByTestId('llm-key-status').textContent()).toMatch(/^Not set/);
    const row = await db().chatSettings.findUniqueOrThrow({ where: { workspaceId } });
    expect(row).toMatchObject({ botName: 'Trail Guide', minRelevance: 0.5, llmApiKeyEncrypted: null, starterQuestions: ['How much does express delivery cost?', 'Can I return an item?'] });
  });

  it('the widget shows the name and offers the starter questions as buttons that ask them', async () => {
    await page.getByRole('link', { name: 'Chat widget' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/chatbot`);
    await page.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
    await page.locator('[data-cairn-chat] button[aria-controls="cairn-panel"]').click();
    const widget = page.locator('[data-cairn-chat]');
    expect(await widget.locator('.m.o .n').first().textContent()).toBe('Trail Guide');
    const starters = widget.getByRole('group', { name: 'Suggested questions' }).getByRole('button');
    expect(await starters.allTextContents()).toEqual(['How much does express delivery cost?', 'Can I return an item?']);
    await starters.first().click();
    const answer = widget.locator('.m.o').nth(1);
    await answer.locator('button[aria-label="Helpful"]').waitFor();
    expect(await widget.locator('.m.v').first().textContent()).toBe('How much does express delivery cost?');
    expect(await answer.locator('div').first().textContent()).toContain('12.95 euros');
    // Asked once, the suggestions are gone.
    expect(await widget.getByRole('group', { name: 'Suggested questions' }).count()).toBe(0);
    await page.getByLabel('Your message').fill('What is the capital of France?');
    await page.getByLabel('Your message').press('Enter');
    await expect.poll(() => widget.locator('.m.o').nth(2).locator('div').first().textContent()).toBe('That is beyond my map; shall I fetch a person?');
    await shot('bot-settings-02-widget');
  });
});
