// Browser test of the tracker (GET /tracker.js): real Chromium, the real api server, and tenant
// pages on two other origins; the publishable key allows only the first.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';

interface StaticSite {
  origin: string;
  close: () => Promise<void>;
}

/** A tenant's site: serves one HTML page at every path (rendered per request). */
async function startSite(render: () => string): Promise<StaticSite> {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(render());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let api: Awaited<ReturnType<typeof startApiServer>>;
let allowed: StaticSite;
let other: StaticSite;
let browser: Browser;
let workspaceId: string;
let publishableKey = '';
const contexts: BrowserContext[] = [];

// The queue stub runs first and queues a call before the tracker has loaded.
const page = () => `<!doctype html><html><head><title>Shop</title>
<script>window.cairn=window.cairn||function(){(cairn.q=cairn.q||[]).push(arguments)};cairn('track','view',{itemId:'sku-0'});</script>
<script src="${api.url}/tracker.js" data-key="${publishableKey}" async></script>
</head><body><h1>Shop</h1></body></html>`;

beforeAll(async () => {
  api = await startApiServer();
  [allowed, other] = await Promise.all([startSite(page), startSite(page)]);
  const owner = await buildOwner();
  workspaceId = owner.workspace.id;
  publishableKey = (await buildKey(owner, { type: 'publishable', allowedOrigins: [allowed.origin] })).key;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await Promise.all([allowed?.close(), other?.close(), api?.close()]);
});

interface Observed {
  page: Page;
  console: string[];
  /** POST /v1/events requests: status of the response, or the failure text. */
  posts: { status?: number; failure?: string }[];
}

async function open(origin: string, setup?: (p: Page) => Promise<unknown>): Promise<Observed> {
  const context = await browser.newContext();
  contexts.push(context);
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  const observed: Observed = { page: p, console: [], posts: [] };
  p.on('console', (m) => observed.console.push(`${m.type()}: ${m.text()}`));
  const isPost = (r: { url(): string; method(): string }) => r.method() === 'POST' && r.url() === `${api.url}/v1/events`;
  p.on('requestfinished', async (r) => {
    if (isPost(r)) observed.posts.push({ status: (await r.response())?.status() });
  });
  p.on('requestfailed', (r) => {
    if (isPost(r)) observed.posts.push({ failure: r.failure()?.errorText ?? 'failed' });
  });
  await setup?.(p);
  await p.goto(`${origin}/product`);
  await p.waitForFunction(() => (window as unknown as { cairn?: { loaded?: number } }).cairn?.loaded === 1);
  return observed;
}

const eventsOf = (where: { anonymousId?: string; itemId?: string } = {}) =>
  db().event.findMany({ where: { workspaceId, ...where }, orderBy: [{ timestamp: 'asc' }, { id: 'asc' }] });

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const anonymousIdOf = (p: Page) => p.evaluate(() => localStorage.getItem('cairn_aid'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('browser tracker', () => {
  it('sends queued and live events from an allowed origin, anonymous then identified', async () => {
    const { page: p, posts } = await open(allowed.origin);
    const anonymousId = await anonymousIdOf(p);
    expect(anonymousId).toMatch(UUID);

    await p.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('track', 'view', { itemId: 'sku-1' });
    });
    // The first batch (the queued sku-0 and sku-1) goes out on the ~2 s timer.
    const before = await until(() => eventsOf({ anonymousId: anonymousId! }), (rows) => rows.length >= 2);
    expect(before.map((e) => e.itemId)).toEqual(['sku-0', 'sku-1']);
    expect(before.every((e) => e.type === 'view' && e.userId === null && UUID.test(e.id))).toBe(true);

    await p.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('identify', 'user-42');
      cairn('track', 'add_to_cart', { itemId: 'sku-2', value: 2, color: 'red' });
      cairn('track', 'search', { query: 'trail shoes' });
    });
    const all = await until(() => eventsOf({ anonymousId: anonymousId! }), (rows) => rows.length >= 4);
    expect(all).toHaveLength(4);
    const cart = all.find((e) => e.type === 'add_to_cart');
    const search = all.find((e) => e.type === 'search');
    expect(cart).toMatchObject({ type: 'add_to_cart', itemId: 'sku-2', value: 2, userId: 'user-42', anonymousId, properties: { color: 'red' } });
    expect(search).toMatchObject({ type: 'search', itemId: null, userId: 'user-42', anonymousId, properties: { query: 'trail shoes' } });
    expect(new Set(all.map((e) => e.id)).size).toBe(4);
    await until(async () => posts.length, (n) => n >= 2); // the listener records asynchronously
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((r) => r.status === 200)).toBe(true);

    // The anonymous id and the user id survive a reload (localStorage, no cookie).
    await p.reload();
    await p.waitForFunction(() => (window as unknown as { cairn?: { loaded?: number } }).cairn?.loaded === 1);
    expect(await anonymousIdOf(p)).toBe(anonymousId);
    expect(await p.evaluate(() => document.cookie)).toBe('');
    const reloaded = await until(() => eventsOf({ anonymousId: anonymousId! }), (rows) => rows.length >= 5);
    expect(reloaded.at(-1)).toMatchObject({ itemId: 'sku-0', userId: 'user-42' });
  });

  it('is refused by CORS on an origin the key does not allow, and nothing is stored', async () => {
    const observed = await open(other.origin);
    const anonymousId = await anonymousIdOf(observed.page);
    await observed.page.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('track', 'view', { itemId: 'sku-other' });
      cairn('flush');
    });
    await until(async () => observed.console.join('\n'), (text) => /blocked by CORS policy/.test(text));
    expect(observed.console.join('\n')).toMatch(/from origin '.*' has been blocked by CORS policy: No 'Access-Control-Allow-Origin'/);
    expect(observed.posts.some((r) => r.status === 200)).toBe(false);
    // The api refused it outright: 403 origin_not_allowed, without Access-Control-Allow-Origin.
    const res = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${publishableKey}`, 'Content-Type': 'application/json', Origin: other.origin },
      body: JSON.stringify({ events: [{ id: 'probe', type: 'view', anonymousId: 'a', itemId: 'i' }] }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
    expect(await eventsOf({ anonymousId: anonymousId! })).toHaveLength(0);
    expect(await eventsOf({ itemId: 'sku-other' })).toHaveLength(0);
  });

  it('flushes pending events when the page is left (pagehide), before the batch timer', async () => {
    const { page: p } = await open(allowed.origin);
    const anonymousId = await anonymousIdOf(p);
    await until(() => eventsOf({ anonymousId: anonymousId!, itemId: 'sku-0' }), (rows) => rows.length >= 1);
    await p.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('track', 'view', { itemId: 'sku-leave' });
      cairn('track', 'click', { itemId: 'sku-leave' });
    });
    // Leave at once: the page (and its 2 s timer) is gone; only the keepalive flush can deliver.
    await p.goto('about:blank');
    const rows = await until(() => eventsOf({ anonymousId: anonymousId!, itemId: 'sku-leave' }), (r) => r.length >= 2, 5000);
    expect(rows.map((e) => e.type).sort()).toEqual(['click', 'view']);
  });

  it('flushes pending events when the tab is hidden (visibilitychange)', async () => {
    const { page: p } = await open(allowed.origin);
    const anonymousId = await anonymousIdOf(p);
    await until(() => eventsOf({ anonymousId: anonymousId!, itemId: 'sku-0' }), (rows) => rows.length >= 1);
    const sent = p.waitForRequest((r) => r.method() === 'POST' && r.url() === `${api.url}/v1/events`, { timeout: 1800 });
    const started = Date.now();
    await p.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('track', 'like', { itemId: 'sku-hidden' });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await sent; // well before the 2 s batch timer
    expect(Date.now() - started).toBeLessThan(1900);
    const rows = await until(() => eventsOf({ anonymousId: anonymousId!, itemId: 'sku-hidden' }), (r) => r.length >= 1, 5000);
    expect(rows).toHaveLength(1);
  });

  it('retries a batch that got a 5xx, with the same event ids, and stores it once', async () => {
    const bodies: { events: { id: string }[] }[] = [];
    const { page: p } = await open(allowed.origin, (page) =>
      page.route(`${api.url}/v1/events`, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        bodies.push(JSON.parse(route.request().postData()!));
        if (bodies.length === 1) {
          // The api is briefly unavailable.
          return route.fulfill({
            status: 503,
            headers: { 'Access-Control-Allow-Origin': allowed.origin, 'Retry-After': '1' },
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }),
          });
        }
        return route.continue();
      }),
    );
    const anonymousId = await anonymousIdOf(p);
    const rows = await until(() => eventsOf({ anonymousId: anonymousId! }), (r) => r.length >= 1, 15_000);
    expect(rows.map((e) => e.itemId)).toEqual(['sku-0']);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(bodies[1]!.events.map((e) => e.id)).toEqual(bodies[0]!.events.map((e) => e.id));
    expect(rows[0]!.id).toBe(bodies[0]!.events[0]!.id);
  });

  it('drops a batch the api refuses with a 4xx, warning once on the console, without retrying', async () => {
    const bodies: unknown[] = [];
    const observed = await open(allowed.origin, (page) =>
      page.route(`${api.url}/v1/events`, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        bodies.push(JSON.parse(route.request().postData()!));
        return route.fulfill({
          status: 400,
          headers: { 'Access-Control-Allow-Origin': allowed.origin },
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'validation_failed', message: 'bad' } }),
        });
      }),
    );
    await observed.page.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('flush');
    });
    await until(async () => bodies.length, (n) => n >= 1);
    await observed.page.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...a: unknown[]) => void }).cairn;
      cairn('track', 'view', { itemId: 'sku-refused' });
      cairn('flush');
    });
    await until(async () => bodies.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 2500)); // a retry would come within ~2 s
    expect(bodies).toHaveLength(2);
    expect(observed.console.filter((m) => m.includes('[cairn] events refused: HTTP 400'))).toHaveLength(1);
  });
});
