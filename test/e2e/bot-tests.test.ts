// Browser test of "Test your bot": real Chromium against `next start`, with the job worker (which
// answers the runs) in this process on the same database. A visitor question the bot did not know
// is added from the inbox in one click, a test is written in the form, both are run, and the page
// shows pass and fail with the answer and its citation.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWorker } from '@/services/worker/start-worker';
import { PROJECT_ROOT } from '@/services/paths';
import { acceptMessage } from '@/services/chat/accept-message';
import { storeAnswer } from '@/services/chat/store-answer';
import { db } from '@/services/db/client';
import { addDocument } from '@/services/knowledge/add-document';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';

let web: WebServer;
let stopWorker: () => Promise<void>;
let browser: Browser;
let page: Page;
let workspaceId = '';
let conversationId = '';

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  await loadChatModels();
  stopWorker = await startWorker(pino({ level: 'silent' }));
  [web, browser] = await Promise.all([
    startWebServer({ databaseUrl }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  page = await (await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Kim Support');
  await page.getByLabel('Work email').fill(`e2e-bot-tests-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel(/Workspace name/).fill('Trailhead');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/signin\?/);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\/ws_[0-9A-Za-z]+$/);
  workspaceId = new URL(page.url()).pathname.split('/')[2]!;
  // The knowledge base and one conversation the bot could not answer, through the product's functions.
  // (The worker in this process indexes the document, as it would in production.)
  const doc = await addDocument(workspaceId, { kind: 'markdown', title: 'Shipping help', content: '# Shipping help\n\n## Delivery times\n\nStandard delivery takes 3 to 5 working days.\n' });
  const status = async () => (await db().kbDocument.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: doc.id } } })).status;
  for (let i = 0; i < 120 && (await status()) !== 'ready'; i++) await new Promise((r) => setTimeout(r, 500));
  expect(await status()).toBe('ready');
  const m = await acceptMessage(workspaceId, { text: 'Do you rent <b>kayaks</b>?', userVerified: false });
  await storeAnswer({ workspaceId, conversationId: m.conversationId, messageId: m.answerId, seq: m.seq + 1, text: "Sorry, I don't know", answered: false, intent: 'unknown', method: 'extractive', latencyMs: 5, confidence: 0.1, citations: [], products: [], handoffRequested: false });
  conversationId = m.conversationId;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await stopWorker?.();
  await stopChatModels();
});

describe('test your bot', () => {
  it('adds a question from the inbox and one from the form, runs them, and shows pass and fail with the answer as text', async () => {
    await page.goto(`/dashboard/${workspaceId}/inbox/${conversationId}`);
    await page.getByTestId('add-to-tests').click();
    await page.getByTestId('in-tests').waitFor();

    await page.getByRole('link', { name: 'Test your bot' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/bot-tests`);
    // (Each test's row holds its own edit form with the same labels.)
    const form = page.locator('form[aria-label="Add a test"]');
    await form.getByLabel('Question').fill('How long does standard delivery take?');
    await form.getByLabel('Expected facts').fill('3 to 5 working days');
    await form.getByLabel('Article it must cite').selectOption({ label: 'Shipping help' });
    await page.getByTestId('case-add').click();
    await page.getByTestId('case-saved').waitFor();
    expect(await form.getByLabel('Question').inputValue()).toBe(''); // ready for the next one
    await expect.poll(() => page.getByTestId('bot-test').count()).toBe(2);

    await page.getByTestId('run-all').click();
    // The worker answers the run; the page refreshes itself until it is done.
    await expect.poll(() => page.getByTestId('run-summary').textContent().catch(() => null), { timeout: 60_000 }).toMatch(/^Passed 1 of 2/);
    const delivery = page.getByTestId('bot-test').filter({ hasText: 'How long does standard delivery take?' });
    const kayaks = page.getByTestId('bot-test').filter({ hasText: 'kayaks' });
    expect(await delivery.getAttribute('data-status')).toBe('pass');
    expect(await delivery.getByTestId('bot-test-answer').textContent()).toContain('3 to 5 working days');
    expect(await delivery.getByTestId('bot-test-citations').textContent()).toContain('Shipping help › Delivery times');
    expect(await kayaks.getAttribute('data-status')).toBe('fail');
    expect(await kayaks.getByTestId('bot-test-failures').textContent()).toContain('said it does not know');
    // The visitor's markup is text on the page, not an element.
    expect(await kayaks.getByTestId('bot-test-question').textContent()).toBe('Do you rent <b>kayaks</b>?');
    expect(await kayaks.locator('b').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'bot-tests-01-run.png'), fullPage: true });

    // A second run over the same knowledge base: nothing changed, and the history has two runs.
    await page.getByTestId('run-all').click();
    await page.getByTestId('run-unchanged').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('pass-rate-chart').getAttribute('aria-label')).toBe('Pass rate of the last 2 runs: 50%, 50%');
  });
});
