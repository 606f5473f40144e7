// Browser end-to-end test of business rules: a pin rule added in the dashboard moves its item to
// the top of the preview (with a badge naming the rule) and of the API's answers, and goes away
// when deleted there; a diversity default caps items per category. The workspace has too little
// data to train: the page says so.
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signUp } from '@/services/auth/sign-up';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { disconnectDb } from '@/services/db/client';
import { upsertItems } from '@/services/catalog/upsert-items';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { requestTraining } from '@/services/recommend/request-training';
import { trainModel } from '@/services/recommend/train-model';
import pino from 'pino';
import { startApiServer } from '@/test/support/api-server';
import { startWebServer, type WebServer } from './support/web-server';

const PASSWORD = 'correct-horse-battery';
const email = `e2e-rules-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
let server: WebServer;
let api: Awaited<ReturnType<typeof startApiServer>>;
let browser: Browser;
let context: BrowserContext | undefined;
let workspaceId = '';
let key = '';

type Item = { id: string; ruleId?: string };
// A server action and its re-render take a few seconds on a loaded machine (expect.poll waits 1 s by default).
const POLL = { timeout: 20_000, interval: 250 };

beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const seed = async () => {
    const a = await signUp({ email, password: PASSWORD, name: 'Rui Rules', workspaceName: 'Rui Kitchen' });
    workspaceId = a.workspace.id;
    key = (await createApiKey({ workspaceId, actorUserId: a.user.id, name: 'e2e', type: 'secret' })).key;
    // Six items; popularity falls with k, and the kettle (k = 5) has no events at all.
    const names = ['pan', 'pot', 'knife', 'board', 'whisk', 'kettle'];
    await upsertItems(workspaceId, names.map((n, k) => ({ id: n, title: `The ${n}`, categories: ['kitchen'], tags: [], available: true, price: 10 + k })) as never);
    await ingestEvents(workspaceId, names.slice(0, 5).flatMap((n, k) => Array.from({ length: 6 - k }, (_x, u) => ({ id: `${n}-${u}`, type: 'view', userId: `u${u}`, itemId: n }))));
    // 20 events from 6 users: under the training minimum, so popularity keeps serving.
    const { version } = await requestTraining(workspaceId, 'cli');
    await trainModel(workspaceId, version, pino({ level: 'silent' }));
  };
  [server, browser, api] = await Promise.all([
    startWebServer({ databaseUrl: process.env.DATABASE_URL, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    startApiServer(),
    seed(),
  ]).then(([s, b, a]) => [s, b, a] as const);
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await api?.close();
  await disconnectDb();
});

async function apiFirst(): Promise<Item> {
  const res = await api.request('/v1/recommendations?userId=newcomer&limit=3', { key });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items[0]!;
}

/** The API's first item, waiting for the api's serving state to pick up the dashboard's change (its poll). */
async function apiFirstBecomes(check: (it: Item) => boolean): Promise<Item> {
  const until = Date.now() + 10_000;
  for (;;) {
    const first = await apiFirst();
    if (check(first) || Date.now() > until) return first;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('business rules in the dashboard', () => {
  let page: Page;

  it('a pin rule added in the dashboard puts its item first in the preview, with a badge, and in the API', async () => {
    expect((await apiFirst()).id).toBe('pan');
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard/);
    await page.goto(`/dashboard/${workspaceId}/recommendations?user=newcomer`);
    const preview = page.getByTestId('preview-recommendations');
    await expect.poll(() => preview.getByTestId('rec-item').first().getAttribute('data-item-id'), POLL).toBe('pan');
    expect(await preview.getByTestId('rule-badge').count()).toBe(0);
    expect(await page.getByTestId('not-enough-data').textContent()).toMatch(/Not enough data to train yet: 20 of 100 events, 6 of 10 users\. Popular items keep serving/);

    // A bad value is refused with the field named.
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Name').fill('Kettle first');
    await form.getByLabel('Action').selectOption('pin');
    await form.getByLabel('Field').selectOption('price');
    await form.getByLabel('Value').fill('cheap');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => form.getByRole('alert').textContent(), POLL).toMatch(/Value/);

    await form.getByLabel('Field').selectOption('id');
    await form.getByLabel('Value').fill('kettle');
    await page.getByTestId('rule-save').click();
    const row = page.getByTestId('rule-row');
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.textContent()).toContain('Kettle first');
    const ruleId = (await row.getAttribute('data-rule-id'))!;

    await page.goto(`/dashboard/${workspaceId}/recommendations?user=newcomer`);
    const first = page.getByTestId('preview-recommendations').getByTestId('rec-item').first();
    expect(await first.getAttribute('data-item-id')).toBe('kettle');
    expect(await first.getByTestId('rule-badge').textContent()).toContain('Kettle first');

    expect(await apiFirstBecomes((it) => it.id === 'kettle')).toEqual(expect.objectContaining({ id: 'kettle', ruleId }));

    // Deleted in the dashboard: the ranking order is back, in the preview and the API.
    await page.getByRole('button', { name: 'Delete rule Kettle first' }).click();
    await expect.poll(() => page.getByTestId('rule-row').count(), POLL).toBe(0);
    await page.goto(`/dashboard/${workspaceId}/recommendations?user=newcomer`);
    expect(await page.getByTestId('preview-recommendations').getByTestId('rec-item').first().getAttribute('data-item-id')).toBe('pan');
    expect((await apiFirstBecomes((it) => it.id === 'pan')).id).toBe('pan');
  });

  it('a diversity default set in the dashboard caps items per category in the preview and the API', async () => {
    const form = page.getByTestId('diversity-form');
    await form.getByLabel('Items per category (at most)').fill('0');
    await page.getByTestId('diversity-save').click();
    await expect.poll(() => form.getByRole('alert').textContent(), POLL).toMatch(/Items per category/);
    await form.getByLabel('Items per category (at most)').fill('1');
    await page.getByTestId('diversity-save').click();
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toContain('At most 1 per category');
    // Every item is in the kitchen category: one item per list.
    await page.goto(`/dashboard/${workspaceId}/recommendations?user=newcomer`);
    expect(await page.getByTestId('preview-recommendations').getByTestId('rec-item').count()).toBe(1);
    const until = Date.now() + 10_000;
    let n = -1;
    while (Date.now() < until) {
      const res = await api.request('/v1/recommendations?userId=newcomer&limit=5', { key });
      n = ((await res.json()) as { items: Item[] }).items.length;
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(n).toBe(1);
    const wide = await api.request('/v1/recommendations?userId=newcomer&limit=5&maxPerCategory=5', { key });
    expect(((await wide.json()) as { items: Item[] }).items).toHaveLength(5);
  });
});
