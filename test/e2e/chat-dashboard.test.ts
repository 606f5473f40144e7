// Browser test of the chatbot's dashboard pages: real Chromium against `next start`, with the real
// api (widget, chat) and a job worker (indexing) running in this process on the same database.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApiServer } from '@/services/api/server';
import { startWorker } from '@/services/worker/start-worker';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort } from '@/test/support/api-process';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';

let web: WebServer;
let apiUrl = '';
let closeApi: () => Promise<void>;
let stopWorker: () => Promise<void>;
let browser: Browser;
const contexts: BrowserContext[] = [];
let page: Page;
let workspaceId = '';

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
  [web, browser] = await Promise.all([
    startWebServer({ databaseUrl, env: { PUBLIC_API_URL: apiUrl, API_PORT: String(port) } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  const context = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Kim Support');
  await page.getByLabel('Work email').fill(`e2e-chat-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel(/Workspace name/).fill('Trailhead');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Sign-up answers the same whether or not the email had an account, so it never signs in itself.
  await page.waitForURL(/\/signin\?/);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\/ws_[0-9A-Za-z]+$/);
  workspaceId = new URL(page.url()).pathname.split('/')[2]!;
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await web?.stop();
  await stopWorker?.();
  await closeApi?.();
  await stopChatModels();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const rowOf = (title: string) => page.getByTestId('kb-document').filter({ hasText: title });

describe('chatbot dashboard', () => {
  it('knowledge base: uploads a file, adds Q&A pairs, shows indexing to ready, a failed URL with its error, and edits a document', async () => {
    await page.getByRole('link', { name: 'Knowledge base' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/knowledge`);
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'shipping-help.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Shipping help\n\n## Delivery times\n\nStandard delivery takes 3 to 5 working days.\n\n## Costs\n\nDelivery is free for orders over 50 euros.\n'),
    });
    await page.getByTestId('kb-upload').click();
    await expect.poll(() => page.getByTestId('kb-added').textContent()).toContain('shipping-help');
    await page.getByRole('tab', { name: 'Q&A pairs' }).click();
    await page.getByLabel('Questions and answers', { exact: true }).fill('Q: Do you offer gift wrapping?\nA: Yes, for 3 euros per parcel.\n\nQ: Can I pick up in store?\nA: Yes, at our Munich store.');
    await page.getByTestId('kb-add-qa').click();
    await expect.poll(() => page.getByTestId('kb-added').textContent()).toContain('2 questions and answers');
    await page.getByRole('tab', { name: 'From a URL' }).click();
    await page.getByLabel('Page URL', { exact: true }).fill('http://127.0.0.1:9/help');
    await page.getByTestId('kb-add-url').click();
    // The worker indexes them; the page refreshes itself while anything is queued or indexing.
    await expect.poll(() => rowOf('shipping-help').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => rowOf('2 questions and answers').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => rowOf('127.0.0.1/help').getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(await rowOf('127.0.0.1/help').getByTestId('kb-document-error').textContent()).toMatch(/private address/);
    expect(await rowOf('shipping-help').locator('td').nth(2).textContent()).toBe('2');
    await shot('chat-01-knowledge-base');
    await rowOf('127.0.0.1/help').getByTestId('kb-delete').click();
    await page.locator('dialog[open]').getByTestId('kb-confirm-delete').click();
    await expect.poll(() => rowOf('127.0.0.1/help').count()).toBe(0);

    // Edit: the list's "Edit" opens the document page's editor (the one editor, for text and Q&A
    // documents alike) with the stored text; saving drops the old passages and indexes the new text.
    expect(await rowOf('2 questions and answers').getByTestId('kb-edit').count()).toBe(1);
    await rowOf('shipping-help').getByTestId('kb-edit').click();
    await page.waitForURL(/\/knowledge\/kb_[0-9A-Za-z]+#edit$/);
    const content = page.getByTestId('kb-doc-body');
    expect(await content.inputValue()).toContain('Standard delivery takes 3 to 5 working days.');
    await content.fill(' \n ');
    await page.getByTestId('kb-doc-save').click();
    await expect.poll(() => page.getByTestId('kb-doc-save-error').textContent()).toMatch(/Text must not be empty/);
    const edited = '# Shipping help\n\n## Delivery times\n\nStandard delivery takes 3 to 5 working days. Express delivery takes one <b>working</b> day.\n';
    await content.fill(edited);
    await page.getByTestId('kb-doc-save').click();
    await page.getByTestId('kb-doc-save-done').waitFor();
    await page.goto(`/dashboard/${workspaceId}/knowledge`);
    await expect.poll(() => rowOf('shipping-help').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await rowOf('shipping-help').locator('td').nth(2).textContent()).toBe('1');
    await rowOf('shipping-help').getByTestId('kb-edit').click();
    await page.waitForURL(/#edit$/);
    expect(await page.getByTestId('kb-doc-body').inputValue()).toBe(edited);
  });

  it('chat widget: creates the widget key, shows the snippet, and the live preview answers with the saved theme', async () => {
    await page.getByRole('link', { name: 'Chat widget' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/chatbot`);
    await page.getByLabel('Your sites').fill('https://shop.example');
    await page.getByTestId('save-sites').click();
    await page.getByTestId('sites-saved').waitFor();
    const snippet = await page.getByTestId('widget-snippet').textContent();
    expect(snippet).toMatch(new RegExp(`^<script src="${apiUrl}/widget.js" data-key="pk_live_[0-9A-Za-z]+" async></script>$`));
    await page.getByLabel('Title').fill('Ask Trailhead');
    await page.getByLabel('Colour (hex)').fill('#0f766e');
    await page.getByTestId('save-theme').click();
    await page.getByTestId('theme-saved').waitFor();
    // The preview is the real widget, on this page, with the key the dashboard origin may use.
    await page.waitForFunction(() => (window as unknown as { cairnChat?: { loaded?: number } }).cairnChat?.loaded === 1);
    await page.locator('[data-cairn-chat] button[aria-controls="cairn-panel"]').click();
    expect(await page.locator('[data-cairn-chat] [role="dialog"] h2').textContent()).toBe('Ask Trailhead');
    await page.getByLabel('Your message').fill('How long does delivery take?');
    await page.getByLabel('Your message').press('Enter');
    const answer = page.locator('[data-cairn-chat] .m.o').nth(1);
    await answer.locator('button[aria-label="Helpful"]').waitFor();
    expect(await answer.locator('div').first().textContent()).toContain('3 to 5 working days');
    expect(await answer.locator('ol a').textContent()).toBe('shipping-help › Shipping help › Delivery times');
    await answer.locator('button[aria-label="Not helpful"]').click();
    await page.getByTestId('identity-on').click();
    await expect.poll(() => page.getByTestId('identity-secret').textContent()).toMatch(/^cis_/);
    await shot('chat-02-widget-settings');
  });

  it('inbox and analytics: the preview conversation is listed, opens as a transcript, and can be resolved', async () => {
    await page.getByRole('link', { name: 'Inbox' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/inbox`);
    await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(1);
    await page.getByTestId('inbox-row').getByRole('link', { name: 'How long does delivery take?' }).click();
    await page.getByTestId('transcript').waitFor();
    expect(await page.getByTestId('message-visitor').first().textContent()).toContain('How long does delivery take?');
    expect(await page.getByTestId('message-bot').first().textContent()).toContain('not helpful');
    await shot('chat-03-transcript');
    await page.getByTestId('toggle-resolved').click();
    await expect.poll(() => page.getByTestId('toggle-resolved').textContent()).toBe('Reopen');
    await page.goto(`/dashboard/${workspaceId}/inbox?filter=resolved`);
    expect(await page.getByTestId('inbox-row').count()).toBe(1);
    await page.goto(`/dashboard/${workspaceId}/inbox?filter=flagged`);
    expect(await page.getByTestId('inbox-row').count()).toBe(0);

    await page.getByRole('link', { name: 'Chat analytics' }).first().click();
    await page.waitForURL(`**/dashboard/${workspaceId}/chat-analytics`);
    expect(await page.getByTestId('stat-conversations').textContent()).toBe('1');
    expect(await page.getByTestId('stat-answer-rate').textContent()).toBe('100%');
    expect(await page.getByTestId('stat-thumbs-up').textContent()).toBe('0%');
    await shot('chat-04-analytics');
  });

  it('the upload route refuses anonymous, cross-site and foreign-workspace requests', async () => {
    const anonymous = await fetch(`${web.url}/api/workspaces/${workspaceId}/knowledge?filename=a.md`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/markdown' } });
    expect(anonymous.status).toBe(401);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const crossSite = await fetch(`${web.url}/api/workspaces/${workspaceId}/knowledge?filename=a.md`, { method: 'POST', body: 'x', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Content-Type': 'text/markdown' } });
    expect(crossSite.status).toBe(403);
    const foreign = await fetch(`${web.url}/api/workspaces/ws_someoneelse/knowledge?filename=a.md`, { method: 'POST', body: 'x', headers: { Cookie: cookie, 'Content-Type': 'text/markdown' } });
    expect(foreign.status).toBe(404);
    const unsupported = await fetch(`${web.url}/api/workspaces/${workspaceId}/knowledge?filename=a.png`, { method: 'POST', body: 'x', headers: { Cookie: cookie, 'Content-Type': 'image/png' } });
    expect(unsupported.status).toBe(415);
    expect(((await unsupported.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});
