// Browser test of "Forgot password?" end to end (issue 16, item 6): the request form, the mail in
// the real worker's mail sink, the link, the new password, signing in with it; the link refused a
// second time; a session opened before the reset signed out; change password in settings.
// Expiry and throttles are in test/integration/auth/password-reset.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { startWebServer, type WebServer } from './support/web-server';
import { startWorkerProcess } from '@/test/support/worker-process';
import { readMailSink } from '@/services/mail/send-mail';
import { signUp } from '@/services/auth/sign-up';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const OLD_PASSWORD = 'correct-horse-battery';
const NEW_PASSWORD = 'a-new-password-after-reset';
const NEWEST_PASSWORD = 'changed-again-in-settings';
const email = `e2e-reset-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-mail-'));

let server: WebServer;
let browser: Browser;
let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
let workspaceId: string;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

async function signIn(page: Page, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function waitForResetLink(): Promise<string> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const mail = (await readMailSink(dataDir)).find((m) => m.to === email && m.subject === 'Reset your Cairn password');
    if (mail) return /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail.text)![0];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no reset mail to ${email} in the sink; worker log:\n${worker.output().slice(-2000)}`);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through vitest');
  workspaceId = (await signUp({ email, name: 'Rita Reset', password: OLD_PASSWORD, workspaceName: 'Reset Shop' })).workspace.id;
  [server, browser, worker] = await Promise.all([
    startWebServer({ databaseUrl, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    // The worker sends the mail (the send-email job) to the file sink of CAIRN_DATA_DIR.
    startWorkerProcess({ databaseUrl, env: { CAIRN_DATA_DIR: dataDir } }),
  ]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await worker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('password reset', () => {
  it('resets the password through the emailed link, once, and signs out the older session', async () => {
    const before = await newPage();
    await signIn(before, OLD_PASSWORD);
    await before.waitForURL(/\/dashboard/);

    const page = await newPage();
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/forgot-password/);
    await page.getByLabel('Email').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByTestId('reset-requested').textContent()).resolves.toMatch(`If ${email} has a Cairn account, we sent it a link`);
    await shot(page, 'password-reset-requested');

    const link = await waitForResetLink();
    expect(new URL(link).origin).toBe(server.url);
    await page.goto(link);
    await expect(page.getByText(`For ${email}.`).count()).resolves.toBe(1);
    // Bad input names the field (the browser would refuse an empty one itself).
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.locator('#field-password-error').textContent()).resolves.toMatch(/^Password must be at least 10 characters/);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await shot(page, 'password-reset-form');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/signin\?.*notice=password-reset/);
    await page.getByTestId('password-reset-notice').waitFor();

    // The old password no longer works; the new one does.
    await page.getByLabel('Password').fill(OLD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('form-error').textContent()).resolves.toBe('Incorrect email or password.');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(new RegExp(`/dashboard/${workspaceId}`));

    // The session from before the reset is signed out.
    await before.goto(`/dashboard/${workspaceId}/settings`);
    await before.waitForURL(/\/signin/);

    // The link a second time is refused.
    const again = await newPage();
    await again.goto(link);
    await expect(again.getByTestId('reset-link-refused').textContent()).resolves.toMatch(/already used/);
    await shot(again, 'password-reset-link-used');
  });

  it('changes the password in settings: the current one is required, this session stays, others end', async () => {
    const other = await newPage();
    await signIn(other, NEW_PASSWORD);
    await other.waitForURL(/\/dashboard/);

    const page = await newPage();
    await signIn(page, NEW_PASSWORD);
    await page.waitForURL(/\/dashboard/);
    await page.goto(`/dashboard/${workspaceId}/settings`);
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill(NEWEST_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#field-currentPassword-error').textContent()).resolves.toBe('Current password is not correct');

    await form.getByLabel('Current password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill(NEWEST_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('password-changed').waitFor();
    await shot(page, 'password-changed');

    // This browser is still signed in (signed in again with the new password); the other is not.
    await page.reload();
    expect(new URL(page.url()).pathname).toBe(`/dashboard/${workspaceId}/settings`);
    await other.goto(`/dashboard/${workspaceId}/settings`);
    await other.waitForURL(/\/signin/);
    await signIn(other, NEWEST_PASSWORD);
    await other.waitForURL(/\/dashboard/);
  });
});
