// Browser end-to-end test of the API reference: a sampled example and a curl command per operation,
// descriptions rendered as Markdown, and the try-it console sending a request with a pasted key
// through the dashboard to a real api process, showing the status and the rate-limit headers.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { signUp } from '@/services/auth/sign-up';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { disconnectDb } from '@/services/db/client';
import { freePort as freeApiPort, startApiProcess } from '@/test/support/api-process';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const uniqueEmail = (who: string) => `e2e-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
const alice = { email: uniqueEmail('apiref-alice'), workspaceId: '', key: '' };
const bob = { email: uniqueEmail('apiref-bob'), workspaceId: '' };

let server: WebServer;
let api: Awaited<ReturnType<typeof startApiProcess>>;
let apiPort: number;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });

async function signIn(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const a = await signUp({ email: alice.email, password: PASSWORD, name: 'Alice', workspaceName: 'Alice API' });
  const b = await signUp({ email: bob.email, password: PASSWORD, name: 'Bob', workspaceName: 'Bob API' });
  alice.workspaceId = a.workspace.id;
  bob.workspaceId = b.workspace.id;
  alice.key = (await createApiKey({ workspaceId: a.workspace.id, actorUserId: a.user.id, name: 'console', type: 'secret' })).key;
  apiPort = await freeApiPort();
  [api, server, browser] = await Promise.all([
    startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: apiPort }),
    startWebServer({ databaseUrl: process.env.DATABASE_URL!, env: { API_PORT: String(apiPort) } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
}, 900_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await api?.stop();
  await disconnectDb();
});

describe('API reference', () => {
  let page: Page;

  it('shows a request and response example and a curl command per operation, and renders Markdown', async () => {
    page = await newPage();
    await signIn(page, alice.email);
    await page.goto(`/dashboard/${alice.workspaceId}/api-reference`);
    const me = page.locator('#get-v1-me');
    const curl = await me.getByTestId('example-curl').textContent();
    expect(curl).toContain(`curl -X GET 'http://localhost:${apiPort}/v1/me'`);
    expect(curl).toContain('Authorization: Bearer $CAIRN_API_KEY');
    expect(JSON.parse((await me.getByTestId('example-response').textContent())!)).toHaveProperty('workspace.id');

    const events = page.locator('#post-v1-events');
    const body = JSON.parse((await events.getByTestId('example-request').textContent())!);
    expect(body.events[0]).toMatchObject({ type: 'view' }); // the schema's own first example
    expect(await events.getByTestId('example-curl').textContent()).toContain("-H 'Content-Type: application/json'");

    // Markdown: inline code is a <code> element, and no description shows a literal backtick.
    await expect.poll(() => page.getByTestId('markdown').locator('code', { hasText: 'Authorization: Bearer <key>' }).count()).toBeGreaterThan(0);
    const texts = await page.getByTestId('markdown').allInnerTexts();
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter((t) => t.includes('`'))).toEqual([]);
    await shot(page, 'api-reference-examples');
  });

  it('try-it sends the request with the pasted key and shows the status and the rate-limit headers', async () => {
    const me = page.locator('#get-v1-me');
    await me.getByTestId('try-it').locator('summary').click();
    await me.getByLabel('API key').fill(alice.key);
    await me.getByTestId('try-it-send').click();
    await expect.poll(() => me.getByTestId('try-it-status').textContent()).toBe('200');
    const headers = await me.getByTestId('try-it-headers').textContent();
    expect(headers).toMatch(/x-ratelimit-remaining\s*\d+/);
    expect(headers).toMatch(/x-ratelimit-reset\s*\d+/);
    expect(await me.getByTestId('try-it-body').textContent()).toContain(alice.workspaceId);
    await shot(page, 'api-reference-try-it');

    // A second operation's console has the key already (this tab's sessionStorage); a 400 from the API is shown as such.
    const sentiment = page.locator('#post-v1-sentiment');
    await sentiment.getByTestId('try-it').locator('summary').click();
    expect(await sentiment.getByLabel('API key').inputValue()).toBe(alice.key);
    await sentiment.getByLabel('Body (JSON)').fill('{"texts": []}');
    await sentiment.getByTestId('try-it-send').click();
    await expect.poll(() => sentiment.getByTestId('try-it-status').textContent()).toBe('400');
    expect(await sentiment.getByTestId('try-it-body').textContent()).toContain('validation_failed');
    // The key never reached the web server's output.
    expect(server.output()).not.toContain(alice.key);
  });

  it('says clearly when the body is not valid JSON, and sends nothing', async () => {
    const events = page.locator('#post-v1-events');
    await events.getByTestId('try-it').locator('summary').click();
    await events.getByLabel('Body (JSON)').fill('{"events": [');
    await events.getByTestId('try-it-send').click();
    expect(await events.getByTestId('try-it-body-error').textContent()).toMatch(/^The body is not valid JSON: /);
    expect(await events.getByTestId('try-it-error').textContent()).toContain('Fix the highlighted fields');
    expect(await events.getByTestId('try-it-result').count()).toBe(0);
    await shot(page, 'api-reference-try-it-invalid-json');
  });

  it('the console route: bad input names the field; another workspace is 404; signed out 401; cross-origin 403', async () => {
    const route = (ws: string) => `/api/workspaces/${ws}/api-console`;
    const bad = await page.request.post(route(alice.workspaceId), { data: { method: 'POST', path: '/v1/events', apiKey: alice.key, body: '{' } });
    expect(bad.status()).toBe(400);
    const badBody = await bad.json();
    expect(badBody.error.details[0].path).toBe('body');
    expect(JSON.stringify(badBody)).not.toContain(alice.key);
    const notJson = await page.request.post(route(alice.workspaceId), { headers: { 'content-type': 'application/json' }, data: Buffer.from('{nope') });
    expect([notJson.status(), (await notJson.json()).error.code]).toEqual([400, 'invalid_json']);

    const other = await page.request.post(route(bob.workspaceId), { data: { method: 'GET', path: '/v1/me', apiKey: alice.key } });
    expect(other.status()).toBe(404);

    const crossOrigin = await page.request.post(route(alice.workspaceId), { headers: { origin: 'https://evil.example' }, data: { method: 'GET', path: '/v1/me', apiKey: alice.key } });
    expect(crossOrigin.status()).toBe(403);

    const anonymous = await (await newPage()).request.post(route(alice.workspaceId), { data: { method: 'GET', path: '/v1/me', apiKey: alice.key } });
    expect(anonymous.status()).toBe(401);
  });
});
