// Browser end-to-end test of the recommendations pages: serving metrics, versions, previews,
// the Train button, the A/B split and a version's candidates and log, on a trained demo shop.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { signUp } from '@/services/auth/sign-up';
import { db, disconnectDb } from '@/services/db/client';
import { generateDemoShop, seedDemoShop } from '@/services/demo/generate-demo-shop';
import { requestTraining } from '@/services/recommend/request-training';
import { trainModel } from '@/services/recommend/train-model';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const sizes = { items: 60, users: 150, events: 4000, days: 30 };

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const email = `e2e-recs-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
let workspaceId = '';
const shop = generateDemoShop({ sizes });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

async function train() {
  const { version } = await requestTraining(workspaceId, 'cli');
  await trainModel(workspaceId, version, pino({ level: 'silent' }));
  return version;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const seed = async () => {
    const a = await signUp({ email, password: PASSWORD, name: 'Rita Recs', workspaceName: 'Rita Outdoor' });
    workspaceId = a.workspace.id;
    await seedDemoShop(workspaceId, { sizes });
    await train();
    await train();
  };
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl: process.env.DATABASE_URL, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    seed(),
  ]).then(([s, b]) => [s, b] as const);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await disconnectDb();
});

async function signedIn(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
  return page;
}

describe('recommendations dashboard', () => {
  let page: Page;

  it('shows the serving version with its metrics and every version', async () => {
    page = await signedIn();
    await page.getByRole('link', { name: 'Recommendations' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/recommendations`);
    expect(await page.getByTestId('active-version').textContent()).toBe('v2');
    const metrics = await page.getByTestId('serving-metrics').textContent();
    expect(metrics).toContain('NDCG@10');
    expect(metrics).toMatch(/Cairn \(served\)0\.\d{3}/);
    const rows = page.getByTestId('version-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('serving');
    await shot(page, 'recs-01-overview');
  });

  it('previews a user: their latest events beside their recommendations', async () => {
    const user = [...shop.tastes.keys()][0]!;
    await page.getByLabel('User id').fill(user);
    await page.getByTestId('preview-user-submit').click();
    await page.getByTestId('user-preview').waitFor();
    const items = page.getByTestId('preview-recommendations').getByTestId('rec-item');
    expect(await items.count()).toBe(10);
    const recommended = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    const seen = new Set(shop.events.filter((e) => e.userId === user).map((e) => e.itemId));
    expect(recommended.some((id) => seen.has(id!))).toBe(false);
    expect(await page.getByTestId('user-preview').getByTestId('event-row').count()).toBeGreaterThan(0);
    await shot(page, 'recs-02-preview-user');
  });

  it('shows similar items, and says so for an unknown item', async () => {
    await page.getByLabel('Item id').fill(shop.items[0]!.id);
    await page.getByTestId('similar-submit').click();
    await page.getByTestId('similar-preview').waitFor();
    const ids = await page.getByTestId('similar-items').getByTestId('rec-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(shop.items[0]!.id);
    await shot(page, 'recs-03-similar');
    await page.getByLabel('Item id').fill('no-such-item');
    await page.getByTestId('similar-submit').click();
    await page.getByText('No item no-such-item in the catalog.').waitFor();
  });

  it('queues a training run with the Train button', async () => {
    await page.getByTestId('train-model').click();
    await page.getByTestId('train-queued').waitFor();
    expect(await page.getByTestId('train-queued').textContent()).toContain('Version 3 queued');
    const row = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId, version: 3 } } });
    expect(row?.status).toBe('queued');
    expect(row?.trigger).toBe('dashboard');
    await page.reload();
    expect(await page.locator('[data-testid="version-row"][data-version="3"]').textContent()).toContain('queued');
  });

  it('sets an A/B split between two versions and shows the results side by side', async () => {
    await page.getByTestId('ab-enabled').check();
    await page.getByLabel('Version A').selectOption('1');
    await page.getByLabel('Version B').selectOption('2');
    await page.getByLabel('Users on B (%)').fill('30');
    await page.getByTestId('ab-save').click();
    await page.getByText('A/B test running').waitFor();
    const s = await db().recSettings.findUnique({ where: { workspaceId } });
    expect([s?.abEnabled, s?.abVersionA, s?.abVersionB, s?.abPercentB]).toEqual([true, 1, 2, 30]);
    await page.reload();
    const results = await page.getByTestId('ab-results').textContent();
    expect(results).toContain('A: v1');
    expect(results).toContain('B: v2');
    expect(results).toContain('(30% of users)');
    await shot(page, 'recs-04-ab-test');
  });

  it('saves the training settings (event weights, decay, schedule)', async () => {
    await page.getByLabel('Purchase').fill('9');
    await page.getByLabel('Time decay half-life (days)').fill('21');
    await page.getByLabel('Retrain every hour when new events arrived').uncheck();
    await page.getByTestId('settings-save').click();
    await page.getByText('Saved: the next training run uses these settings.').waitFor();
    const s = await db().recSettings.findUnique({ where: { workspaceId } });
    expect((s?.eventWeights as { purchase: number }).purchase).toBe(9);
    expect(s?.halfLifeDays).toBe(21);
    expect(s?.autoTrain).toBe(false);
  });

  it('shows a version\'s candidates, training log and configuration', async () => {
    await page.locator('[data-testid="version-row"][data-version="1"]').getByRole('link', { name: 'v1' }).click();
    await page.waitForURL(`**/recommendations/versions/1`);
    expect(await page.getByTestId('candidate-row').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('training-log').textContent()).toContain('validation');
    await shot(page, 'recs-05-version');
  });
});
