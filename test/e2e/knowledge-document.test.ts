// Browser test of a knowledge-base document's page and the Try a question box: real Chromium against
// `next start`, with the real api (citation pages) and a job worker (indexing) in this process.
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
import { loadChatModels, startTestSite, stopChatModels, type TestSite } from '@/test/support/knowledge';
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

let site: TestSite;

beforeAll(async () => {
  // The crawl test's site is on loopback: the in-process worker may fetch it (set before env() is first read).
  process.env.KB_FETCH_ALLOWED_RANGES = '127.0.0.0/8';
  site = await startTestSite({
    '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /staff\n' },
    '/': { type: 'text/html', body: '<title>Trail help</title><h1>Trail help</h1><p>Our help pages.</p><a href="/returns">Returns</a> <a href="/staff">Staff</a>' },
    '/returns': { type: 'text/html', body: '<title>Returns</title><h1>Returns</h1><p>Return unused gear within 45 days.</p>' },
    '/staff': { type: 'text/html', body: '<title>Staff</title><p>Staff only.</p>' },
  });
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
  await page.getByLabel('Your name').fill('Dana Docs');
  await page.getByLabel('Work email').fill(`e2e-kbdoc-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel(/Workspace name/).fill('Ridgeline');
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
  await site?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const rowOf = (title: string) => page.getByTestId('kb-document').filter({ hasText: title });
const passageTexts = () => page.getByTestId('kb-passage-text').allTextContents();

describe('knowledge-base document page', () => {
  it('tries a question with scores, opens a document with its passages, edits it in place, and toggles it private (its citation page 404s)', async () => {
    await page.goto(`/dashboard/${workspaceId}/knowledge`);
    await page.getByRole('tab', { name: 'Write text' }).click();
    await page.getByLabel('Content (Markdown)').fill('# Care guide\n\n## Boots\n\nWax leather boots twice a season.\n\n## Tents\n\nDry a tent completely before storing it.\n');
    await page.getByTestId('kb-add-text').click();
    await expect.poll(() => rowOf('Care guide').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');

    // Try a question: the verdict, the passages with their relevance; an empty question names the field.
    await page.getByTestId('kb-try-submit').click();
    await expect.poll(() => page.getByTestId('kb-try-error').textContent()).toMatch(/Question must not be empty/);
    await page.getByTestId('kb-try-input').fill('How often should I wax leather boots?');
    await page.getByTestId('kb-try-submit').click();
    await expect.poll(() => page.getByTestId('kb-try-result').getAttribute('data-answered')).toBe('true');
    expect(await page.getByTestId('kb-try-verdict').textContent()).toMatch(/^The bot would answer \(best passage \d+%, threshold \d+%\)/);
    expect(await page.getByTestId('kb-try-answer').textContent()).toContain('Wax leather boots twice a season.');
    expect(await page.getByTestId('kb-try-passage').first().textContent()).toContain('Wax leather boots');
    expect(await page.getByTestId('kb-try-relevance').first().textContent()).toMatch(/^\d+%$/);
    await shot('kb-01-try-a-question');
    await page.getByTestId('kb-try-input').fill('Who won the football world cup in 1998?');
    await page.getByTestId('kb-try-submit').click();
    await expect.poll(() => page.getByTestId('kb-try-result').getAttribute('data-answered')).toBe('false');

    // The document page: metadata and the passages as indexed.
    await rowOf('Care guide').getByTestId('kb-document-link').click();
    await page.waitForURL(/\/knowledge\/kb_[0-9A-Za-z]+$/);
    const documentId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('kb-doc-meta').textContent()).toMatch(/KindMarkdown.*Version1/);
    expect(await passageTexts()).toEqual(['Wax leather boots twice a season.', 'Dry a tent completely before storing it.']);
    expect(await page.getByTestId('kb-passage-heading').allTextContents()).toEqual([expect.stringMatching(/Boots$/), expect.stringMatching(/Tents$/)]);

    // Edit in place: an empty text is refused naming the field; a new text is indexed and shown.
    const body = page.getByTestId('kb-doc-body');
    expect(await body.inputValue()).toContain('Wax leather boots twice a season.');
    await body.fill('  ');
    await page.getByTestId('kb-doc-save').click();
    await expect.poll(() => page.getByTestId('kb-doc-save-error').textContent()).toMatch(/Text must not be empty/);
    await body.fill('# Care guide\n\n## Boots\n\nWax leather boots once a month in winter.\n');
    await page.getByTestId('kb-doc-save').click();
    await page.getByTestId('kb-doc-save-done').waitFor();
    await expect.poll(passageTexts, { timeout: 30_000 }).toEqual(['Wax leather boots once a month in winter.']);
    expect(await page.getByTestId('kb-doc-meta').textContent()).toMatch(/Version2/);

    // Visibility: private documents are not served at their citation link; public ones are.
    const citationPage = `${apiUrl}/kb/${workspaceId}/${documentId}`;
    expect((await fetch(citationPage)).status).toBe(200);
    await page.getByTestId('kb-doc-visibility-toggle').click();
    await expect.poll(() => page.getByTestId('kb-doc-visibility').textContent()).toBe('Private');
    expect((await fetch(citationPage)).status).toBe(404);
    await shot('kb-02-document-page');
    await page.getByTestId('kb-doc-visibility-toggle').click();
    await expect.poll(() => page.getByTestId('kb-doc-visibility').textContent()).toBe('Public');
    expect(await (await fetch(citationPage)).text()).toContain('once a month in winter');
  });

  it('edits Q&A pairs in place, and another workspace\'s document is not found', async () => {
    await page.goto(`/dashboard/${workspaceId}/knowledge`);
    await page.getByRole('tab', { name: 'Q&A pairs' }).click();
    await page.getByLabel('Questions and answers', { exact: true }).fill('Q: Can I return worn boots?\nA: Within 14 days if unworn outdoors.');
    await page.getByTestId('kb-add-qa').click();
    await expect.poll(() => rowOf('Can I return worn boots?').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await rowOf('Can I return worn boots?').getByTestId('kb-document-link').click();
    await page.waitForURL(/\/knowledge\/kb_[0-9A-Za-z]+$/);
    const body = page.getByTestId('kb-doc-body');
    expect(await body.inputValue()).toBe('Q: Can I return worn boots?\nA: Within 14 days if unworn outdoors.');
    await body.fill('A: an answer first');
    await page.getByTestId('kb-doc-save').click();
    await expect.poll(() => page.getByTestId('kb-doc-save-error').textContent()).toMatch(/Line 1/);
    await body.fill('Q: Can I return worn boots?\nA: Within 30 days, worn or not.\n\nQ: Do you resole boots?\nA: Yes, for 45 euros.');
    await page.getByTestId('kb-doc-save').click();
    await page.getByTestId('kb-doc-save-done').waitFor();
    await expect.poll(async () => (await passageTexts()).join(' | '), { timeout: 30_000 }).toMatch(/Within 30 days, worn or not\..*Yes, for 45 euros\./);

    const missing = await page.goto(`/dashboard/${workspaceId}/knowledge/kb_doesnotexist`);
    expect(missing?.status()).toBe(404);
    const foreign = await page.goto(`/dashboard/ws_someoneelse/knowledge/kb_doesnotexist`);
    expect(foreign?.status()).toBe(404);
  });

  it('crawls a site: the report lists the pages added and what robots.txt kept out, and the pages become documents', async () => {
    await page.goto(`/dashboard/${workspaceId}/knowledge`);
    await page.getByLabel('Start URL').fill('ftp://example.com/help');
    await page.getByTestId('kb-crawl-add').click();
    await expect.poll(() => page.getByTestId('kb-crawl-error').textContent()).toMatch(/Start URL/);
    await page.getByLabel('Start URL').fill(`${site.origin}/`);
    await page.getByLabel('Re-sync').selectOption('168');
    await page.getByTestId('kb-crawl-add').click();
    await page.getByTestId('kb-crawl-added').waitFor();
    await expect.poll(() => page.getByTestId('kb-crawl-source').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('kb-crawl-report').textContent()).toMatch(/^2 added · 0 changed · 0 removed · 0 unchanged/);
    expect(await page.getByTestId('kb-crawl-source').textContent()).toContain('re-synced every 168 h');
    await page.getByTestId('kb-crawl-report').getByText('Skipped (1)').click();
    expect(await page.getByTestId('kb-crawl-report').textContent()).toContain(`${site.origin}/staff: disallowed by robots.txt`);
    await expect.poll(() => rowOf('Returns').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await rowOf('Trail help').count()).toBe(1);
    expect(await rowOf('Staff').count()).toBe(0);
    await shot('kb-03-crawled-site');
  });
});
