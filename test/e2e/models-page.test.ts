// Browser end-to-end test of the Models page: model cards, and the playground (sentiment, text
// similarity, similar catalog items) on the real bundled models, in the real Next.js server.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { env } from '@/services/config/env';
import { signUp } from '@/services/auth/sign-up';
import { upsertItems } from '@/services/catalog/upsert-items';
import { disconnectDb } from '@/services/db/client';
import { embedItems } from '@/services/embeddings/embed-items';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { ensureSentimentModel } from '@/ml/sentiment/build';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const uniqueEmail = (who: string) => `e2e-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
const alice = { email: uniqueEmail('models-alice'), workspaceId: '' };
const bob = { email: uniqueEmail('models-bob'), workspaceId: '' };

const ITEMS = [
  { id: 'boot-1', title: 'Leather hiking boot', description: 'Waterproof boot for mountain trails', categories: ['footwear'] },
  { id: 'boot-2', title: 'Trail hiking boots', description: 'Sturdy boots for rocky trails', categories: ['footwear'] },
  { id: 'tent-1', title: 'Camping tent', description: 'Two person tent', categories: ['tents'] },
  { id: 'mug-1', title: 'Enamel coffee mug', description: 'For the camp kitchen', categories: ['kitchen'] },
].map((i) => ({ ...i, tags: [], available: true }));

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
async function signIn(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const modelsDir = env().MODELS_DIR;
  ensureSentimentModel(path.join(modelsDir, 'build', 'cairn-sentiment-cnn'));
  const model = await startEmbeddingModel();
  const a = await signUp({ email: alice.email, password: PASSWORD, name: 'Alice', workspaceName: 'Alice Models' });
  const b = await signUp({ email: bob.email, password: PASSWORD, name: 'Bob', workspaceName: 'Bob Models' });
  alice.workspaceId = a.workspace.id;
  bob.workspaceId = b.workspace.id;
  await upsertItems(alice.workspaceId, ITEMS);
  await embedItems(alice.workspaceId, ITEMS.map((i) => i.id), model);
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl: process.env.DATABASE_URL!, env: { API_PORT: '9', MODELS_DIR: modelsDir } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await stopEmbeddingModel();
  await disconnectDb();
});

describe('Models page', () => {
  it('shows both models with version, source, status, card and metrics', async () => {
    const page = await newPage();
    await signIn(page, alice.email);
    await page.getByRole('link', { name: 'Models' }).first().click();
    await page.waitForURL(`**/dashboard/${alice.workspaceId}/models`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Models');
    expect(await page.getByTestId('model-embeddings-version').textContent()).toBe('1.0.0');
    expect(await page.getByTestId('model-sentiment-version').textContent()).toBe('1.0.0');
    expect(await page.getByTestId('model-sentiment-status').textContent()).toContain('built');
    expect(await page.getByTestId('model-sentiment-metrics').textContent()).toMatch(/sst2 held-out binary accuracy: 0\.\d+/);
    expect(await page.getByText('local:cairn-glove-100d').count()).toBeGreaterThan(0);
    // The bundled opt-in models are listed, not served, with its licence and the setting that serves it.
    const optIn = await page.getByTestId('opt-in-models').textContent();
    expect(optIn).toContain('SENTIMENT_MODEL=hub:cairn/sentiment-minilm-l6-airline');
    expect(optIn).toMatch(/non-commercial/i);
    expect(optIn).toContain('SENTIMENT_MODEL=hub:cairn/sentiment-minilm-l3');
  });

  it('scores sentiment, compares texts and finds similar items in the playground', async () => {
    const page = await newPage();
    await signIn(page, alice.email);
    await page.goto(`/dashboard/${alice.workspaceId}/models`);
    await page.getByTestId('sentiment-text').fill('I love it, best purchase ever');
    await page.getByTestId('sentiment-submit').click();
    await page.getByTestId('sentiment-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sentiment-label').textContent()).toBe('positive');
    await page.getByTestId('sentiment-text').fill('terrible, I want a refund');
    await page.getByTestId('sentiment-submit').click();
    await page.getByTestId('sentiment-label').filter({ hasText: 'negative' }).waitFor();

    await page.getByTestId('similarity-a').fill('I love this phone');
    await page.getByTestId('similarity-b').fill('I really like this phone');
    await page.getByTestId('similarity-submit').click();
    await page.getByTestId('similarity-value').waitFor({ timeout: 60_000 });
    const close = Number(await page.getByTestId('similarity-value').textContent());
    await page.getByTestId('similarity-b').fill('The train leaves at noon');
    await page.getByTestId('similarity-submit').click();
    await page.waitForFunction((prev) => document.querySelector('[data-testid="similarity-value"]')?.textContent !== prev, String(close.toFixed(3)));
    const far = Number(await page.getByTestId('similarity-value').textContent());
    expect(close).toBeGreaterThan(far);

    await page.getByTestId('similar-item-id').fill('boot-1');
    await page.getByTestId('similar-submit').click();
    await page.getByTestId('similar-row').first().waitFor();
    expect(await page.getByTestId('similar-row').first().textContent()).toContain('boot-2');
    expect(await page.getByTestId('similar-row').count()).toBe(3);
    await shot(page, '40-models-playground');

    // An empty text is refused with a message, not an error page.
    await page.getByTestId('sentiment-text').fill('   ');
    await page.getByTestId('sentiment-submit').click();
    await page.getByText('Type some text').waitFor();
  });

  it("never shows another workspace's items or page", async () => {
    const page = await newPage();
    await signIn(page, bob.email);
    await page.goto(`/dashboard/${bob.workspaceId}/models`);
    await page.getByTestId('similar-item-id').fill('boot-1');
    await page.getByTestId('similar-submit').click();
    await page.getByText('Item not found').waitFor();
    expect(await page.getByTestId('similar-row').count()).toBe(0);
    const res = await page.goto(`/dashboard/${alice.workspaceId}/models`);
    expect(res?.status()).toBe(404);
  });
});
