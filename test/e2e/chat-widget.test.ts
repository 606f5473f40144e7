// Browser test of the chat widget (GET /widget.js): real Chromium, the real api server with the
// real embedding model, and tenant pages on two other origins; the publishable key allows only the first.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApiServer } from '@/services/api/server';
import { db } from '@/services/db/client';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort } from '@/test/support/api-process';
import { chatTenant, SHOP_FAQ } from '@/test/support/chat';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

interface Site {
  origin: string;
  close: () => Promise<void>;
}

async function startSite(render: () => string): Promise<Site> {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    // Product images (the catalog's imageUrl points here).
    if (req.url?.startsWith('/img/')) return void res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(render());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let apiUrl = '';
let closeApi: () => Promise<void>;
let allowed: Site;
let other: Site;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof chatTenant>>;
const contexts: BrowserContext[] = [];

// An outline that repeats the title a level down: the citation must name each level once.
const LOCKER_DOC = `# Shipping guide

## Shipping guide

### Parcel lockers

Parcel lockers keep your parcel for 7 days after delivery; open the locker with the code from your email.
`;

const XSS_DOC = 'Gift wrapping costs 3 euros per parcel <script>window.__xss = 1</script> and we add a card <img src=x onerror="window.__xss = 2">.';

// The tenant's page: hostile CSS that would break a widget living in the page's DOM.
const page = () => `<!doctype html><html><head><title>Trail shop</title>
<style>* { font-size: 40px !important; color: red !important; } div { display: none !important; } button { visibility: hidden !important; }</style>
</head><body><h1>Trail shop</h1>
<script src="${apiUrl}/widget.js" data-key="${tenant.publishable}" async></script>
</body></html>`;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  // Citation links are absolute, from PUBLIC_API_URL (read once, at first use of the configuration).
  process.env.PUBLIC_API_URL = apiUrl;
  await loadChatModels();
  const app = await buildApiServer({ logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port });
  closeApi = () => app.close();
  [allowed, other] = await Promise.all([startSite(page), startSite(page)]);
  tenant = await chatTenant([
    { kind: 'markdown', title: 'Help centre', content: SHOP_FAQ },
    { kind: 'text', title: 'Gift service', content: XSS_DOC },
    { kind: 'markdown', title: 'Shipping guide', content: LOCKER_DOC },
  ]);
  await db().apiKey.updateMany({ where: { workspaceId: tenant.workspaceId, type: 'publishable' }, data: { allowedOrigins: [allowed.origin] } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await Promise.all([allowed?.close(), other?.close(), closeApi?.()]);
  await stopChatModels();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  console: string[];
  /** Content types of POST /v1/chat responses. */
  chatResponses: string[];
}

async function open(origin: string, opts: { viewport?: { width: number; height: number }; waitLoaded?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
  contexts.push(context);
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  const opened: Opened = { page: p, context, console: [], chatResponses: [] };
  p.on('console', (m) => opened.console.push(`${m.type()}: ${m.text()}`));
  p.on('response', (r) => {
    if (r.url() === `${apiUrl}/v1/chat` && r.request().method() === 'POST') opened.chatResponses.push(r.headers()['content-type'] ?? '');
  });
  await p.goto(`${origin}/product`);
  if (opts.waitLoaded !== false) await p.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
  return opened;
}

// Locators pierce open shadow roots.
const bubble = (p: Page) => p.locator('[data-cairn-chat] button[aria-controls="cairn-panel"]');
const panel = (p: Page) => p.locator('[data-cairn-chat] [role="dialog"]');
const input = (p: Page) => p.getByLabel('Your message');
const botMessages = (p: Page) => p.locator('[data-cairn-chat] .m.o');

async function ask(p: Page, question: string) {
  const before = await botMessages(p).count();
  await input(p).fill(question);
  await input(p).press('Enter');
  // The answer is complete when its feedback buttons appear (after `done`).
  await botMessages(p).nth(before).locator('button[aria-label="Helpful"]').waitFor();
  return botMessages(p).nth(before);
}

describe('chat widget', () => {
  it('on an allowed origin, streams an answer with a working citation, despite hostile page CSS', async () => {
    const { page: p, context, chatResponses } = await open(allowed.origin);
    await expect(bubble(p).isVisible()).resolves.toBe(true);
    expect(await bubble(p).getAttribute('aria-expanded')).toBe('false');
    await bubble(p).click();
    expect(await bubble(p).getAttribute('aria-expanded')).toBe('true');
    await expect(panel(p).isVisible()).resolves.toBe(true);
    expect(await panel(p).locator('h2').textContent()).toBe('Questions? Ask us');
    // The page's `* { font-size: 40px !important }` does not reach inside the shadow root.
    expect(await input(p).evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');

    const answer = await ask(p, 'How much does express delivery cost?');
    expect(chatResponses).toEqual(['text/event-stream; charset=utf-8']);
    expect(await answer.locator('div').first().textContent()).toMatch(/Express delivery arrives the next working day and costs 12\.95 euros\. \[1\]/);
    const link = answer.locator('ol[aria-label="Sources"] a');
    expect(await link.textContent()).toBe('Help centre › Help › Shipping');
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${apiUrl}/kb/${tenant.workspaceId}/${tenant.documentIds[0]}#c\\d+$`));
    await p.screenshot({ path: path.join(SHOTS, 'chat-widget-answer.png') });
    // The citation opens the cited passage.
    const [cited] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await cited.waitForLoadState();
    expect(cited.url()).toBe(href);
    expect(await cited.locator(`section#${href.split('#')[1]}`).textContent()).toContain('12.95 euros');

    // Feedback goes to the api.
    await answer.locator('button[aria-label="Helpful"]').click();
    await expect.poll(async () => (await db().chatMessage.findFirst({ where: { workspaceId: tenant.workspaceId, role: 'bot', feedback: 'up' } }))?.feedback).toBe('up');
  });

  it('cards without url or image: plain card and a drawn placeholder, no request to /null; SVG feedback buttons; each breadcrumb level once', async () => {
    // Two boots: one with a page and an image on the tenant's site, one with neither.
    const items = [
      { id: 'boot-1', title: 'Granite Hiking Boot', description: 'Waterproof leather boot', categories: ['footwear'], price: 189, currency: 'EUR', url: `${allowed.origin}/p/boot-1`, imageUrl: `${allowed.origin}/img/boot-1.svg` },
      { id: 'boot-2', title: 'Summit Trail Boot', description: 'Waterproof mesh boot', categories: ['footwear'], price: 149, currency: 'EUR' },
    ];
    const put = await fetch(`${apiUrl}/v1/items`, { method: 'PUT', headers: { Authorization: `Bearer ${tenant.secret}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ items }) });
    expect(put.status).toBe(200);

    const { page: p } = await open(allowed.origin);
    const requested: string[] = [];
    p.on('request', (r) => requested.push(r.url()));
    await bubble(p).click();
    const answer = await ask(p, 'recommend waterproof boots');
    const cards = answer.locator('.k .c');
    await expect.poll(() => cards.count()).toBe(2);
    const withUrl = answer.locator('.k a.c', { hasText: 'Granite Hiking Boot' });
    expect(await withUrl.getAttribute('href')).toBe(`${allowed.origin}/p/boot-1`);
    expect(await withUrl.locator('img').getAttribute('src')).toBe(`${allowed.origin}/img/boot-1.svg`);
    const bare = cards.filter({ hasText: 'Summit Trail Boot' });
    expect(await bare.evaluate((el) => el.tagName)).toBe('DIV');
    expect(await bare.evaluate((el) => el.closest('a'))).toBeNull();
    expect(await bare.locator('img').count()).toBe(0);
    expect(await bare.locator('.ph[aria-hidden="true"] svg').count()).toBe(1);
    // The placeholder is as tall as a picture, so the cards line up.
    expect((await bare.locator('.ph').boundingBox())?.height).toBe(80);
    await expect.poll(() => requested.some((u) => u === `${allowed.origin}/img/boot-1.svg`)).toBe(true);
    expect(requested.filter((u) => /\/null($|[?#])/.test(u))).toEqual([]);

    // Feedback: SVG icons with names (no emoji), pressed state announced.
    for (const label of ['Helpful', 'Not helpful']) {
      const button = answer.locator(`button[aria-label="${label}"]`);
      expect(await button.locator('svg').count()).toBe(1);
      expect(await button.getAttribute('title')).toBe(label);
      expect(await button.getAttribute('aria-pressed')).toBe('false');
      expect((await button.textContent())?.trim()).toBe('');
    }
    await answer.locator('button[aria-label="Not helpful"]').click();
    expect(await answer.locator('button[aria-label="Not helpful"]').getAttribute('aria-pressed')).toBe('true');
    expect(await answer.locator('button[aria-label="Helpful"]').getAttribute('aria-pressed')).toBe('false');
    await p.screenshot({ path: path.join(SHOTS, 'chat-widget-products.png') });

    // The locker guide's outline repeats its title ("# Shipping guide / ## Shipping guide"): named once.
    const locker = await ask(p, 'How long do parcel lockers keep my parcel?');
    const source = locker.locator('ol[aria-label="Sources"] li').first();
    expect(await source.textContent()).toBe('Shipping guide › Parcel lockers');
  });

  it('shows documents holding <script> and <img onerror> as inert text', async () => {
    const { page: p } = await open(allowed.origin);
    await p.evaluate(() => (window as unknown as { cairnChat: { open(): void } }).cairnChat.open());
    const answer = await ask(p, 'How much does gift wrapping cost?');
    const text = await answer.locator('div').first().textContent();
    expect(text).toContain('<script>window.__xss = 1</script>');
    expect(text).toContain('<img src=x onerror="window.__xss = 2">');
    expect(await answer.locator('script, img').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('answers "don\'t know" with the offer of a person, and hands off when asked', async () => {
    const { page: p } = await open(allowed.origin);
    await bubble(p).click();
    const answer = await ask(p, 'What is the capital of France?');
    expect(await answer.locator('div').first().textContent()).toBe("Sorry, I don't know the answer to that. Would you like to talk to a person?");
    const handoff = answer.getByRole('button', { name: 'Talk to a person' });
    await handoff.click();
    await botMessages(p).nth(2).locator('button[aria-label="Helpful"]').waitFor();
    expect(await botMessages(p).nth(2).locator('div').first().textContent()).toMatch(/passed this conversation to our team/);
    const conversationId = await p.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('cairn_chat_'))?.[1]);
    const conv = await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: tenant.workspaceId, id: conversationId! } } });
    expect(conv).toMatchObject({ flagged: true, flagReason: 'handoff_requested', unansweredCount: 1 });

    // The conversation survives a reload: the transcript is restored from the api.
    await p.reload();
    await p.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
    await bubble(p).click();
    await expect.poll(() => botMessages(p).count()).toBe(3); // greeting + the two answers
  });

  it('is keyboard accessible: Enter opens, focus goes to the input, Escape closes and returns focus', async () => {
    const { page: p } = await open(allowed.origin);
    await p.keyboard.press('Tab');
    expect(await bubble(p).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await p.keyboard.press('Enter');
    await expect(panel(p).isVisible()).resolves.toBe(true);
    expect(await input(p).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await panel(p).getAttribute('aria-labelledby')).toBe('cairn-title');
    expect(await p.locator('[data-cairn-chat] [role="log"]').getAttribute('aria-live')).toBe('polite');
    await p.keyboard.press('Escape');
    await expect(panel(p).isVisible()).resolves.toBe(false);
    expect(await bubble(p).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await bubble(p).getAttribute('aria-label')).toBe('Open chat');
  });

  it('fills the screen on a phone', async () => {
    const { page: p } = await open(allowed.origin, { viewport: { width: 375, height: 667 } });
    await bubble(p).click();
    const box = await panel(p).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    await p.screenshot({ path: path.join(SHOTS, 'chat-widget-phone.png') });
  });

  it('is refused on an origin the key does not allow: no widget, and the api answers 403', async () => {
    const { page: p, console } = await open(other.origin, { waitLoaded: false });
    await expect.poll(() => console.join('\n')).toMatch(/\[cairn\] chat widget disabled/);
    expect(console.join('\n')).toMatch(/blocked by CORS policy/);
    expect(await p.locator('[data-cairn-chat]').count()).toBe(0);
    const res = await fetch(`${apiUrl}/v1/chat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tenant.publishable}`, 'Content-Type': 'application/json', Origin: other.origin },
      body: JSON.stringify({ message: 'How much does express delivery cost?' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
  });
});
