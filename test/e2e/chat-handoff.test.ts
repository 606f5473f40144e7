// Browser test of the live handoff: the chat widget on a page of another origin (real Chromium, the
// real api and a job worker in this process) and the dashboard (`next start`) side by side. A
// visitor asks for a person; every member gets an email (the local mail sink); an agent replies on
// the conversation page and the reply shows up in the visitor's open widget within 2 s; while the
// agent owns the conversation the bot is silent; handing it back ends that; the next visit
// restores the reply. The webhook set on Inbox › Notifications gets the event signed, and again
// after answering 500.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The worker in this process writes its emails here (read once, at first use of the configuration).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-handoff-'));
process.env.CAIRN_DATA_DIR = dataDir;
// The webhook receiver listens on loopback (refused by the SSRF guard unless allowed), and the
// dashboard seals the signing secret with the key the worker here opens it with.
process.env.KB_FETCH_ALLOWED_RANGES = '127.0.0.1';
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString('hex');
const { buildApiServer } = await import('@/services/api/server');
const { startWorker } = await import('@/services/worker/start-worker');
const { createApiKey } = await import('@/services/api-keys/create-api-key');
const { readMailSink } = await import('@/services/mail/send-mail');
const { db } = await import('@/services/db/client');
const { PROJECT_ROOT } = await import('@/services/paths');
const { freePort } = await import('@/test/support/api-process');
const { loadChatModels, stopChatModels } = await import('@/test/support/knowledge');
const { startWebServer } = await import('./support/web-server');

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const EMAIL = `e2e-handoff-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let web: Awaited<ReturnType<typeof startWebServer>>;
let apiUrl = '';
let closeApi: () => Promise<void>;
let stopWorker: () => Promise<void>;
let site: { origin: string; close: () => Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];
let agent: Page;
let visitor: Page;
let workspaceId = '';
let publishable = '';
let hook: { url: string; close: () => Promise<void> };
const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  process.env.PUBLIC_API_URL = apiUrl;
  await loadChatModels();
  const app = await buildApiServer({ logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port });
  closeApi = () => app.close();
  stopWorker = await startWorker(pino({ level: 'silent' }));
  // The shop: another origin than the api and the dashboard.
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(`<!doctype html><html><head><title>Trail shop</title></head><body><h1>Trail shop</h1><script src="${apiUrl}/widget.js" data-key="${publishable}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  // The team's webhook receiver: 500 to the first delivery, 200 to the next.
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(deliveries.length === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hook = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, close: () => new Promise((resolve) => receiver.close(() => resolve())) };
  [web, browser] = await Promise.all([
    startWebServer({
      databaseUrl,
      env: { PUBLIC_API_URL: apiUrl, API_PORT: String(port), CAIRN_DATA_DIR: dataDir, KB_FETCH_ALLOWED_RANGES: '127.0.0.1', AUTH_SECRET: process.env.AUTH_SECRET! },
    }),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ]);
  const agentContext = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 900 } });
  contexts.push(agentContext);
  agent = await agentContext.newPage();
  agent.setDefaultTimeout(20_000);
  await agent.goto('/signup');
  await agent.getByLabel('Your name').fill('Kim Support');
  await agent.getByLabel('Work email').fill(EMAIL);
  await agent.getByLabel('Password').fill(PASSWORD);
  await agent.getByLabel(/Workspace name/).fill('Trailhead');
  await agent.getByRole('button', { name: 'Create account' }).click();
  await agent.waitForURL(/\/signin\?/);
  await agent.getByLabel('Password').fill(PASSWORD);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.waitForURL(/\/dashboard\/ws_[0-9A-Za-z]+$/);
  workspaceId = new URL(agent.url()).pathname.split('/')[2]!;
  const owner = await db().membership.findFirstOrThrow({ where: { workspaceId } });
  publishable = (await createApiKey({ workspaceId, actorUserId: owner.userId, name: 'widget', type: 'publishable', allowedOrigins: [site.origin] })).key;
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await web?.stop();
  await stopWorker?.();
  await closeApi?.();
  await site?.close();
  await hook?.close();
  await stopChatModels();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Locators pierce the widget's open shadow root.
const widget = (p: Page) => p.locator('[data-cairn-chat]');
const leftMessages = (p: Page) => widget(p).locator('.m.o');
const notice = (p: Page) => widget(p).getByText('A person will answer here.');

/** The shop page with the widget open; a page in an existing context is the same visitor coming back. */
async function openShop(existing?: BrowserContext) {
  const context = existing ?? (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  if (!existing) contexts.push(context);
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  await p.goto(`${site.origin}/product`);
  await p.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
  await widget(p).locator('button[aria-controls="cairn-panel"]').click();
  return p;
}

async function say(p: Page, text: string) {
  await p.getByLabel('Your message').fill(text);
  await p.getByLabel('Your message').press('Enter');
}

let signingSecret = '';

describe('live handoff', () => {
  it('an admin sets the webhook on Inbox › Notifications: the URL is checked, the signing secret shown once', async () => {
    await agent.goto(`/dashboard/${workspaceId}/inbox`);
    await agent.getByTestId('inbox-notifications').click();
    await agent.waitForURL(`**/inbox/notifications`);
    await agent.getByLabel('Webhook URL').fill('http://10.1.2.3/hooks');
    await agent.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => agent.getByTestId('webhook-error').textContent()).toMatch(/^Webhook URL points to a private address \(10\.1\.2\.3\)/);
    expect(await agent.getByText('Webhook URL points to a private address', { exact: false }).count()).toBe(2); // the alert and the field
    await agent.getByLabel('Webhook URL').fill(hook.url);
    await agent.getByRole('button', { name: 'Save' }).click();
    signingSecret = (await agent.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(signingSecret).toMatch(/^whsec_/);
    await agent.reload();
    expect(await agent.getByTestId('webhook-secret').count()).toBe(0);
    expect(await agent.content()).not.toContain(signingSecret);
  });

  it('a visitor asks for a person, the team is emailed, an agent replies and the widget shows it within 2 s', async () => {
    visitor = await openShop();
    await say(visitor, "I'd like to talk to a person");
    await leftMessages(visitor).nth(1).locator('button[aria-label="Helpful"]').waitFor();
    const conversation = await db().conversation.findFirstOrThrow({ where: { workspaceId }, orderBy: { createdAt: 'desc' } });
    expect(conversation).toMatchObject({ flagged: true, flagReason: 'handoff_requested' });

    // The email reaches the mail sink (worker job), with the conversation's link.
    await expect
      .poll(async () => (await readMailSink(dataDir)).find((m) => m.to === EMAIL && m.text.includes(conversation.id))?.subject, { timeout: 30_000 })
      .toMatch(/A visitor needs a person/);
    const mail = (await readMailSink(dataDir)).find((m) => m.to === EMAIL && m.text.includes(conversation.id))!;
    expect(mail.text).toContain(`/dashboard/${workspaceId}/inbox/${conversation.id}`);

    // The agent opens the conversation from the inbox and replies.
    await agent.goto(`/dashboard/${workspaceId}/inbox`);
    await agent.getByRole('link', { name: /talk to a person/ }).first().click();
    await agent.waitForURL(`**/inbox/${conversation.id}`);
    expect(await agent.getByTestId('conversation-badges').textContent()).toContain('Needs a person');
    const reply = 'Hi, this is Kim. I am looking at your order now.';
    await agent.getByLabel('Reply').fill(reply);
    const sentAt = Date.now();
    await agent.getByRole('button', { name: 'Send reply' }).click();
    const inWidget = leftMessages(visitor).filter({ hasText: reply });
    await inWidget.waitFor({ timeout: 4000 });
    const ms = Date.now() - sentAt;
    console.log(`agent reply visible in the widget after ${ms} ms`);
    expect(ms).toBeLessThan(2000 + 1000); // 2 s, plus the click's own round trip to the dashboard
    expect(await inWidget.locator('b.n').textContent()).toBe('Kim Support');
    await notice(visitor).waitFor();
    await visitor.screenshot({ path: path.join(SHOTS, 'chat-handoff-widget.png') });

    // The webhook got the event, signed, once more after its 500.
    await expect.poll(() => deliveries.length, { timeout: 30_000 }).toBe(2);
    expect(deliveries[1]!.body).toBe(deliveries[0]!.body);
    expect(JSON.parse(deliveries[1]!.body)).toMatchObject({ type: 'conversation.needs_person', data: { conversationId: conversation.id } });
    for (const d of deliveries) {
      const { t, v1 } = Object.fromEntries(String(d.headers['cairn-signature']).split(',').map((kv) => kv.split('='))) as { t: string; v1: string };
      expect(v1).toBe(crypto.createHmac('sha256', signingSecret).update(`${t}.${d.body}`).digest('hex'));
    }

    // The dashboard shows the reply and who owns the conversation.
    await expect.poll(() => agent.getByTestId('message-agent').count()).toBe(1);
    expect(await agent.getByTestId('conversation-badges').textContent()).toContain('With a person');
  });

  it('keeps the bot silent while the agent owns the conversation; the agent sees the message; handing back ends it', async () => {
    const before = await leftMessages(visitor).count();
    await say(visitor, 'How long does delivery take?');
    // The agent's page re-reads itself: the visitor's new message shows up there.
    await expect.poll(() => agent.getByTestId('message-visitor').filter({ hasText: 'How long does delivery take?' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await leftMessages(visitor).count()).toBe(before);
    expect(await notice(visitor).isVisible()).toBe(true);
    const stored = await db().chatMessage.findMany({ where: { workspaceId }, orderBy: { seq: 'asc' }, select: { role: true } });
    expect(stored.map((m) => m.role)).toEqual(['visitor', 'bot', 'agent', 'visitor']);

    // A note stays in the dashboard.
    await agent.getByLabel('Add a note').fill('Order 1042, parcel lost by the carrier');
    await agent.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => agent.getByTestId('notes').textContent()).toContain('Order 1042');
    await agent.screenshot({ path: path.join(SHOTS, 'chat-handoff-dashboard.png'), fullPage: true });

    // Back to the bot: the widget's notice goes away.
    await agent.getByTestId('assign-form').getByLabel('Owner').selectOption('bot');
    await agent.getByTestId('assign-form').getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => notice(visitor).isVisible(), { timeout: 6000 }).toBe(false);
    expect((await db().conversation.findFirstOrThrow({ where: { workspaceId } })).assigneeUserId).toBeNull();
  });

  it('restores the agent reply on the next visit, and never shows notes to the visitor', async () => {
    const context = visitor.context();
    await visitor.close();
    const next = await openShop(context);
    await leftMessages(next).filter({ hasText: 'Hi, this is Kim.' }).waitFor();
    expect(await widget(next).textContent()).not.toContain('Order 1042');
  });
});
