// Browser test of issue 16's overview and people: the checklist ticks from real data sent through
// the real api (and the chat widget loaded on a tenant site), and the tracker's anonymous history
// merges into the user on identify (one person in the users list and on the user page; a re-sent
// merge changes nothing). Real Chromium, `next start`, the real api server and a tenant site.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner, TEST_PASSWORD } from '@/test/support/builders';
import { json } from '@/test/support/catalog';
import { db } from '@/services/db/client';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
let server: WebServer;
let api: Awaited<ReturnType<typeof startApiServer>>;
let browser: Browser;
let site: { origin: string; close: () => Promise<void> };
let sitePage = () => '';
const contexts: BrowserContext[] = [];
let owner: Awaited<ReturnType<typeof buildOwner>>;
let dash: Page;

async function newContextPage(baseURL?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const httpServer = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(sitePage());
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  site = { origin: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, close: () => new Promise((r) => httpServer.close(() => r())) };
  api = await startApiServer();
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  owner = await buildOwner();
  dash = await newContextPage(server.url);
  await dash.goto('/signin');
  await dash.getByLabel('Email').fill(owner.email);
  await dash.getByLabel('Password').fill(TEST_PASSWORD);
  await dash.getByRole('button', { name: 'Sign in' }).click();
  await dash.waitForURL(/\/dashboard/);
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await Promise.all([server?.stop(), api?.close(), site?.close()]);
});

const ticked = async () => {
  await dash.goto(`/dashboard/${owner.workspace.id}`);
  const steps = dash.locator('[data-testid^="onboarding-"][data-done]');
  const out: Record<string, boolean> = {};
  for (const el of await steps.all()) out[(await el.getAttribute('data-testid'))!.replace('onboarding-', '')] = (await el.getAttribute('data-done')) === 'true';
  return out;
};

describe('overview checklist', () => {
  it('ticks each step from real data after a reload', async () => {
    expect(await ticked()).toEqual({ key: false, event: false, catalog: false, recommendation: false, widget: false, conversation: false });
    expect(await dash.getByTestId('onboarding-key').getByRole('link').getAttribute('href')).toBe(`/dashboard/${owner.workspace.id}/api-keys`);

    const { key } = await buildKey(owner);
    const { key: pk } = await buildKey(owner, { type: 'publishable', allowedOrigins: [site.origin] });
    expect((await ticked()).key).toBe(true);

    const ev = await api.request('/v1/events', { ...json('POST', { events: [{ id: 'first', type: 'view', userId: 'u1', itemId: 'sku-1' }] }), key });
    expect((await ev.json()).accepted).toBe(1);
    expect(await ticked()).toMatchObject({ event: true, catalog: false });

    await api.request('/v1/items', { ...json('PUT', { items: [{ id: 'sku-1', title: 'Tent' }, { id: 'sku-2', title: 'Stove' }] }), key });
    expect((await api.request('/v1/recommendations?userId=u1&limit=2', { key })).status).toBe(200);
    expect(await ticked()).toMatchObject({ catalog: true, recommendation: true, widget: false });

    // The widget on the tenant's site (allowed origin) fetches its config: live.
    sitePage = () => `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>
      <script src="${api.url}/widget.js" data-key="${pk}" async></script></body></html>`;
    const shop = await newContextPage();
    const config = shop.waitForResponse((r) => r.url().endsWith('/v1/widget/config'));
    await shop.goto(site.origin);
    expect((await config).status()).toBe(200);
    expect(await ticked()).toEqual({ key: true, event: true, catalog: true, recommendation: true, widget: true, conversation: false });

    const chat = await api.request('/v1/chat', { ...json('POST', { message: 'Do you ship to Norway?' }), key });
    expect(chat.status).toBe(200);
    // Every step done: the checklist steps aside.
    expect(await ticked()).toEqual({});
    expect(await dash.getByTestId('onboarding-checklist').count()).toBe(0);
    await dash.getByTestId('trend-events-chart').waitFor();
    await dash.screenshot({ path: path.join(SHOTS, 'overview-checklist-done.png'), fullPage: true });

    // Trends: the event and the served recommendation are in the 7-day view; a bad range names the field.
    await dash.goto(`/dashboard/${owner.workspace.id}?range=7`);
    expect(await dash.getByTestId('trend-rec-served').textContent()).toBe('1');
    expect(await dash.getByTestId('quota-events-used').textContent()).toBe('1');
    // Usage and billing: one chart per meter with its quota line, no total across unlike meters.
    for (const page of ['usage', 'billing']) {
      await dash.goto(`/dashboard/${owner.workspace.id}/${page}`);
      const charts = dash.getByTestId('usage-chart').getByTestId('quota-charts');
      expect(await charts.locator('li').count(), page).toBe(5);
      expect(await dash.getByTestId('quota-chart-events-limit').count(), page).toBe(1);
      expect(await dash.getByTestId('quota-events-used').textContent(), page).toBe('1');
      if (page === 'usage') expect(await dash.getByTestId('usage-table').textContent()).not.toContain('Total');
    }
    await dash.goto(`/dashboard/${owner.workspace.id}?range=14`);
    expect(await dash.getByTestId('range-error').textContent()).toContain('range');
  });
});

describe('identity merge', () => {
  it("anonymous tracker events then identify: one user with both histories; re-sent merge changes nothing", async () => {
    const { key } = await buildKey(owner);
    const { key: pk } = await buildKey(owner, { type: 'publishable', allowedOrigins: [site.origin] });
    sitePage = () => `<!doctype html><html><head><title>Shop</title>
      <script>window.cairn=window.cairn||function(){(cairn.q=cairn.q||[]).push(arguments)};</script>
      <script src="${api.url}/tracker.js" data-key="${pk}" async></script></head><body><h1>Shop</h1>
      <script src="${api.url}/widget.js" data-key="${pk}" async></script></body></html>`;
    const shop = await newContextPage();
    await shop.goto(site.origin);
    await shop.waitForFunction(() => (window as unknown as { cairn?: { loaded?: number } }).cairn?.loaded === 1);
    const posted = () => shop.waitForResponse((r) => r.url().endsWith('/v1/events') && r.request().method() === 'POST');
    let sent = posted();
    await shop.evaluate(() => {
      const c = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      c('track', 'view', { itemId: 'sku-1' });
      c('track', 'add_to_cart', { itemId: 'sku-1' });
      c('flush');
    });
    expect((await sent).status()).toBe(200);
    const anonymousId = await shop.evaluate(() => localStorage.getItem('cairn_aid'));
    expect(anonymousId).toBeTruthy();
    // A chat through the widget before signing in is kept under the tracker's anonymous id.
    await shop.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
    const chatted = shop.waitForResponse((r) => r.url().endsWith('/v1/chat'));
    await shop.evaluate(() => (window as unknown as { cairnChat: { send: (t: string) => void } }).cairnChat.send('Do you ship to Norway?'));
    expect((await chatted).status()).toBe(200);

    const identified = shop.waitForResponse((r) => r.url().endsWith('/v1/identify'));
    sent = posted();
    await shop.evaluate(() => {
      const c = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      c('identify', 'shopper-42');
      c('track', 'purchase', { itemId: 'sku-1', value: 25 });
      c('flush');
    });
    const merge = await identified;
    expect(merge.status()).toBe(200);
    expect(await merge.json()).toMatchObject({ merged: true, events: 2, conversations: 1 });
    expect((await sent).status()).toBe(200);

    const base = `/dashboard/${owner.workspace.id}`;
    await dash.goto(`${base}/users?q=shopper-42`);
    const rows = dash.getByTestId('user-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-user-id')).toBe('shopper-42');
    expect(await rows.first().getByTestId('user-row-events').textContent()).toBe('3');
    // The anonymous id is no separate person in the list.
    await dash.goto(`${base}/users?q=${anonymousId}`);
    expect(await dash.getByTestId('user-row').count()).toBe(0);

    await dash.goto(`${base}/users`);
    await dash.getByRole('link', { name: 'shopper-42' }).click();
    await dash.waitForURL(`**/users/shopper-42`);
    expect(await dash.getByTestId('user-merged-ids').textContent()).toContain(anonymousId!);
    expect(await dash.getByTestId('user-conversations').getByRole('listitem').count()).toBe(1);
    const types = await dash.getByTestId('event-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')).sort());
    expect(types).toEqual(['add_to_cart', 'purchase', 'view']);
    await dash.screenshot({ path: path.join(SHOTS, 'user-merged.png'), fullPage: true });
    // The navigation links the list (and marks it current on a user's page).
    const navLink = dash.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Users' });
    expect(await navLink.getAttribute('href')).toBe(base + '/users');
    expect(await navLink.getAttribute('aria-current')).toBe('page');

    // Re-sent merge (the api, and the tracker identifying again on another page): nothing changes.
    const again = await api.request('/v1/identify', { ...json('POST', { anonymousId, userId: 'shopper-42' }), key });
    expect(await again.json()).toMatchObject({ merged: false, events: 2, conversations: 1 });
    await dash.reload();
    expect(await dash.getByTestId('event-row').count()).toBe(3);
    await dash.goto(`${base}/users?q=shopper`);
    expect(await dash.getByTestId('user-row').count()).toBe(1);

    // Segments and a bad parameter named in words.
    await dash.goto(`${base}/users?active=0`);
    expect(await dash.getByTestId('users-error').textContent()).toContain('Active in the last');
    // Export (GDPR access request) as JSON; another workspace's user page and export are 404.
    const exported = await dash.request.get(`${base.replace('/dashboard', '/api/workspaces')}/users/shopper-42/export`);
    expect(exported.status()).toBe(200);
    expect(await exported.json()).toMatchObject({ userId: 'shopper-42', anonymousIds: [{ anonymousId, source: 'tracker' }] });
    const other = await buildOwner();
    expect((await dash.goto(`/dashboard/${other.workspace.id}/users/shopper-42`))?.status()).toBe(404);
    expect((await dash.request.get(`/api/workspaces/${other.workspace.id}/users/shopper-42/export`)).status()).toBe(404);
    expect((await dash.goto(`${base}/users/nobody-here`))?.status()).toBe(404);


  });

  it('export and erase: admins only; erasure removes the person and is audited', async () => {
    const base = `/dashboard/${owner.workspace.id}`;
    const exportUrl = `/api/workspaces/${owner.workspace.id}/users/shopper-42/export`;
    const m = await buildOwner('Max Member');
    await db().membership.create({ data: { workspaceId: owner.workspace.id, userId: m.user.id, role: 'member' } });
    const member = await newContextPage(server.url);
    await member.goto('/signin');
    await member.getByLabel('Email').fill(m.email);
    await member.getByLabel('Password').fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.waitForURL(/\/dashboard/);
    await member.goto(`${base}/users/shopper-42`);
    await member.getByTestId('user-title').waitFor();
    expect(await member.getByTestId('user-erase').count()).toBe(0);
    expect(await member.getByTestId('user-export').count()).toBe(0);
    expect((await member.request.get(exportUrl)).status()).toBe(403);
    expect((await dash.request.get(`/api/workspaces/${owner.workspace.id}/users/${'x'.repeat(201)}/export`)).status()).toBe(400);

    await dash.goto(`${base}/users/shopper-42`);
    await dash.getByTestId('user-erase').click();
    await dash.getByTestId('user-erase-confirm').click();
    await dash.waitForURL(`**${base}/users?erased=1`);
    await dash.getByTestId('users-erased').waitFor();
    expect(await dash.locator('[data-user-id="shopper-42"]').count()).toBe(0);
    expect(await db().event.count({ where: { workspaceId: owner.workspace.id, userId: 'shopper-42' } })).toBe(0);
    expect(await db().identityMerge.count({ where: { workspaceId: owner.workspace.id, userId: 'shopper-42' } })).toBe(0);
    const audit = await db().auditLog.findFirst({ where: { workspaceId: owner.workspace.id, action: 'end_user.erased', targetId: 'shopper-42' } });
    expect(audit?.actorUserId).toBe(owner.user.id);
    expect((await dash.goto(`${base}/users/shopper-42`))?.status()).toBe(404);
  });
});
