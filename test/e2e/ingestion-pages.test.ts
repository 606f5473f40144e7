// Browser end-to-end test of the ingestion pages (events explorer, catalog browser, item and user
// pages) on a workspace seeded with a small demo shop through the ingestion services.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { signUp } from '@/services/auth/sign-up';
import { deleteItem } from '@/services/catalog/delete-item';
import { upsertItems } from '@/services/catalog/upsert-items';
import { upsertItemsRequestSchema } from '@/services/catalog/schemas';
import { disconnectDb } from '@/services/db/client';
import { generateDemoShop, seedDemoShop } from '@/services/demo/generate-demo-shop';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const sizes = { items: 40, users: 60, events: 1500, days: 30 };
const ODD_ID = 'café 1/2?x=1#frag';
const PCT_ID = 'wool 100%25'; // looks percent-encoded: must not be decoded twice

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const uniqueEmail = (who: string) => `e2e-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
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

const alice = { email: uniqueEmail('alice'), workspaceId: '' };
const bob = { email: uniqueEmail('bob'), workspaceId: '' };
const shop = generateDemoShop({ sizes });

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const seed = async () => {
    const a = await signUp({ email: alice.email, password: PASSWORD, name: 'Alice Shop', workspaceName: 'Alice Outdoor' });
    const b = await signUp({ email: bob.email, password: PASSWORD, name: 'Bob Other', workspaceName: 'Bob Elsewhere' });
    alice.workspaceId = a.workspace.id;
    bob.workspaceId = b.workspace.id;
    await seedDemoShop(alice.workspaceId, { sizes });
    // A deleted item, and an id that needs encoding in a URL, with an event on it.
    const { items } = upsertItemsRequestSchema.parse({
      items: [
        { id: 'retired-1', title: 'Retired Lantern', categories: ['camp-kitchen'], price: 10, currency: 'EUR' },
        { id: ODD_ID, title: 'Odd Id Compass', categories: ['footwear'], price: 5, currency: 'EUR' },
        { id: PCT_ID, title: 'Percent Wool Socks', categories: ['footwear'], price: 7, currency: 'EUR' },
      ],
    });
    await upsertItems(alice.workspaceId, items);
    await deleteItem(alice.workspaceId, 'retired-1');
    await ingestEvents(alice.workspaceId, [{ id: 'odd-evt', type: 'view', userId: 'user-0001', itemId: ODD_ID }]);
  };
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl: process.env.DATABASE_URL, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    seed(),
  ]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await disconnectDb();
});

describe('ingestion pages', () => {
  let page: Page;

  it('explores events: chart, latest first, filter by type, link to the user page', async () => {
    page = await newPage();
    await signIn(page, alice.email);
    const base = `/dashboard/${alice.workspaceId}`;
    await page.getByRole('link', { name: 'Events' }).first().click();
    await page.waitForURL(`**${base}/events`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Events');
    await page.getByTestId('events-chart').waitFor();
    const rows = page.getByTestId('event-row');
    expect(await rows.count()).toBe(50);
    await page.getByTestId('older-events').waitFor();
    await shot(page, '20-events');

    await page.getByLabel('Type').selectOption('purchase');
    await page.getByTestId('apply-filters').click();
    await page.waitForURL(/type=purchase/);
    const types = await page.getByTestId('event-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')));
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['purchase']));
    await shot(page, '21-events-filtered-purchase');

    // Older page: strictly older events, same filter kept.
    const firstPage = await page.getByTestId('event-row').first().textContent();
    if (await page.getByTestId('older-events').count()) {
      await page.getByTestId('older-events').click();
      await page.waitForURL(/cursor=/);
      expect(new URL(page.url()).searchParams.get('type')).toBe('purchase');
      expect(await page.getByTestId('event-row').first().textContent()).not.toBe(firstPage);
    }

    // A user filter by URL, then the user's page from the table.
    await page.goto(`${base}/events?userId=user-0001`);
    const users = await page.getByTestId('event-user').allTextContents();
    expect(users.length).toBeGreaterThan(0);
    expect(new Set(users)).toEqual(new Set(['user-0001']));
    await page.getByTestId('event-user').first().click();
    await page.waitForURL(`**${base}/users/user-0001`);
    const traits = shop.users[0]!.traits as { name: string };
    expect(await page.getByTestId('user-title').textContent()).toBe(traits.name);
    expect(await page.getByTestId('user-traits').textContent()).toContain('country');
    const expected = shop.events.filter((e) => e.userId === 'user-0001').length + 1; // + the odd-id view
    expect(await page.getByTestId('user-id').locator('..').textContent()).toContain(`${expected} events`);
    // Timeline: latest first.
    const times = await page.getByTestId('event-row').evaluateAll((els) => els.map((e) => e.querySelector('td')!.getAttribute('title')));
    expect(times.length).toBeGreaterThan(0);
    await shot(page, '22-user');
  });

  it('browses the catalog: search, category filter, item page, deleted items marked', async () => {
    const base = `/dashboard/${alice.workspaceId}`;
    await page.getByRole('link', { name: 'Catalog' }).first().click();
    await page.waitForURL(`**${base}/catalog`);
    expect(await page.getByTestId('catalog-row').count()).toBe(43);
    const retired = page.getByTestId('catalog-row').filter({ hasText: 'retired-1' });
    expect(await retired.textContent()).toContain('Deleted');
    await shot(page, '23-catalog');

    const target = shop.items[6]!; // cycling: no extra items in that category
    await page.getByLabel('Search').fill(`"${target.title}"`);
    await page.getByTestId('catalog-search').click();
    await page.waitForURL(/q=/);
    const found = await page.getByTestId('catalog-row').allTextContents();
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((t) => t.includes(target.id))).toBe(true);
    await shot(page, '24-catalog-search');

    await page.goto(`${base}/catalog?category=${target.categories[0]}`);
    const inCategory = await page.getByTestId('catalog-row').count();
    expect(inCategory).toBe(shop.items.filter((i) => i.categories[0] === target.categories[0]).length);

    await page.getByRole('link', { name: target.title }).click();
    await page.waitForURL(`**${base}/catalog/${target.id}`);
    expect(await page.getByTestId('item-title').textContent()).toBe(target.title);
    expect(await page.getByTestId('item-fields').textContent()).toContain(target.description);
    const onItem = shop.events.filter((e) => e.itemId === target.id).length;
    if (onItem > 0) expect(await page.getByTestId('event-row').count()).toBe(Math.min(onItem, 25));
    await shot(page, '25-item');

    await page.goto(`${base}/catalog/retired-1`);
    await page.getByTestId('item-deleted').waitFor();

    // An id with spaces, slashes and URL syntax round-trips through the link.
    await page.goto(`${base}/catalog?q=Compass`);
    await page.getByRole('link', { name: 'Odd Id Compass' }).click();
    await page.getByTestId('item-id').waitFor();
    expect(await page.getByTestId('item-id').textContent()).toBe(ODD_ID);
    expect(await page.getByTestId('event-row').count()).toBe(1);
    await page.goto(`${base}/catalog?q=Percent`);
    await page.getByRole('link', { name: 'Percent Wool Socks' }).click();
    await page.getByTestId('item-id').waitFor();
    expect(await page.getByTestId('item-id').textContent()).toBe(PCT_ID);
    expect(await page.getByTestId('item-title').textContent()).toBe('Percent Wool Socks');
  });

  it('tells an empty workspace how to send data', async () => {
    const other = await newPage();
    await signIn(other, bob.email);
    for (const slug of ['events', 'catalog']) {
      await other.goto(`/dashboard/${bob.workspaceId}/${slug}`);
      expect(await other.getByTestId('send-data-curl').textContent()).toContain(slug === 'events' ? '/v1/events' : '/v1/items');
      await shot(other, `26-${slug}-empty`);
    }
  });

  it('imports a JSONL file of events and a CSV file of items with progress', async () => {
    const base = `/dashboard/${alice.workspaceId}`;
    await page.getByRole('link', { name: 'Import' }).first().click();
    await page.waitForURL(`**${base}/import`);
    const lines = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({ id: `imp-${i}`, type: 'view', userId: 'importer-1', itemId: `sku-000${(i % 9) + 1}`, timestamp: Date.now() - i * 1000 }),
    );
    lines.splice(100, 0, '{"id": "bad", "type": "view"}'); // no user: rejected, the rest kept
    await page.getByTestId('import-kind-events').check();
    await page.getByTestId('import-file').setInputFiles({ name: 'events.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n') + '\n') });
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-accepted').textContent()).toBe('2,500');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('import-done').textContent()).toContain('line 101');
    await shot(page, '27-import-done');

    const csv = 'id,title,categories,price,currency\nimp-item-1,Imported Kettle,camp-kitchen,19.5,EUR\nimp-item-2,Imported Stool,camp-kitchen,12,EUR\n';
    await page.getByTestId('import-kind-items').check();
    await page.getByTestId('import-file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-done').filter({ hasText: '2 new' }).waitFor();

    await page.goto(`${base}/events?userId=importer-1`);
    expect(await page.getByTestId('event-row').count()).toBe(50);
    await page.goto(`${base}/catalog?q=Imported`);
    expect(await page.getByTestId('catalog-row').count()).toBe(2);

    // The route streams NDJSON: a progress line per committed batch, then the summary. The same
    // file again stores nothing twice.
    const res = await page.request.post(`/api/workspaces/${alice.workspaceId}/import?kind=events&format=jsonl`, { data: lines.join('\n') });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/x-ndjson');
    const messages = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; summary?: { accepted: number; duplicates: number } });
    expect(messages.filter((m) => m.type === 'progress').length).toBeGreaterThanOrEqual(3);
    expect(messages.at(-1)).toMatchObject({ type: 'done', summary: { accepted: 0, duplicates: 2500 } });

    // The import route: signed out 401, another workspace's member 404.
    const anonymous = await browser.newContext({ baseURL: server.url });
    contexts.push(anonymous);
    const url = `/api/workspaces/${alice.workspaceId}/import?kind=events&format=jsonl`;
    expect((await anonymous.request.post(url, { data: lines[0]! })).status()).toBe(401);
    const other = await newPage();
    await signIn(other, bob.email);
    expect((await other.request.post(url, { data: lines[0]! })).status()).toBe(404);
    expect(await other.request.post(url, { data: lines[0]!, headers: { Origin: 'https://evil.example' } }).then((r) => r.status())).toBe(403);
  });

  it("answers 404 on another workspace's ingestion pages", async () => {
    const other = await newPage();
    await signIn(other, bob.email);
    const base = `/dashboard/${alice.workspaceId}`;
    for (const url of [`${base}/events`, `${base}/events?type=view`, `${base}/catalog`, `${base}/import`, `${base}/catalog/sku-0001`, `${base}/users/user-0001`]) {
      const res = await other.goto(url);
      expect(res?.status(), url).toBe(404);
      await other.getByTestId('not-found').waitFor();
      expect(await other.content()).not.toContain('Alice Outdoor');
      expect(await other.content()).not.toContain(shop.items[0]!.title);
    }
    // Unknown ids in one's own workspace are 404 too.
    for (const url of [`${base}/catalog/nope`, `${base}/users/nobody`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
    }
  });
});
