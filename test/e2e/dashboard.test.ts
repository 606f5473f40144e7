// Browser end-to-end test of the dashboard: real Chromium against `next start` on a fresh database.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { startWebServer, type WebServer } from './support/web-server';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** What Chromium reported as blocked by the Content-Security-Policy, on any page of these tests. */
const cspViolations: string[] = [];

const uniqueEmail = (who: string) => `e2e-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

async function newPage(viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Signs up through the form, then signs in, and returns the new workspace's id (from the URL it lands on). */
async function signUp(page: Page, user: { name: string; email: string; workspace: string }, screenshot?: string): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel(/Workspace name/).fill(user.workspace);
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Sign-up answers the same whether or not the email had an account, so it never signs in itself.
  await page.waitForURL(/\/signin\?/);
  await page.getByTestId('signup-notice').waitFor();
  expect(await page.getByLabel('Email').inputValue()).toBe(user.email.toLowerCase());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\/ws_[0-9A-Za-z]+$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL; // set by test/support/global-setup.ts
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  // API_PORT 9: nothing listens there, so the API reference shows its "unavailable" state.
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('dashboard', () => {
  const alice = { name: 'Alice Martin', email: uniqueEmail('alice'), workspace: 'Acme Shop' };
  let alicePage: Page;
  let aliceWorkspace: string;

  it('shows the landing page and refuses bad credentials', async () => {
    const page = await newPage();
    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Add AI to your product');
    await shot(page, '01-landing');

    await page.goto('/signin');
    await page.getByLabel('Email').fill(uniqueEmail('nobody'));
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('form-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Incorrect email or password');
    expect(new URL(page.url()).pathname).toBe('/signin');
    await shot(page, '02-signin-error');

    // Issue 13: the fifth wrong password in a row locks the email, and the form says for how long.
    for (let i = 2; i <= 5; i++) {
      await page.getByLabel('Password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click(); // waits while the last one is pending (disabled)
    }
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toContain('Too many sign-in attempts; try again in 1 minute.');
  });

  it('signs up, creates a secret key shown once, lists it masked, revokes it', async () => {
    alicePage = await newPage();
    const page = alicePage;
    aliceWorkspace = await signUp(page, alice, '03-signup');
    expect(await page.getByTestId('workspace-title').textContent()).toBe(alice.workspace);
    expect(await page.getByTestId('quickstart-curl').textContent()).toContain('/v1/me');
    await shot(page, '04-overview');

    await page.getByRole('link', { name: 'API keys' }).first().click();
    await page.waitForURL(`**/dashboard/${aliceWorkspace}/api-keys`);
    await page.getByLabel('Name', { exact: true }).fill('E2E backend');
    await page.getByTestId('create-key').click();
    const secret = page.getByTestId('new-key-secret');
    await secret.waitFor();
    const key = (await secret.textContent())!.trim();
    expect(key).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
    expect(await page.getByTestId('new-key-panel').textContent()).toMatch(/won.t be shown again/);

    const row = page.getByTestId('api-key-row').filter({ hasText: 'E2E backend' });
    await row.waitFor();
    expect((await row.getByTestId('api-key-masked').textContent())!.trim()).toBe(`sk_live_…${key.slice(-4)}`);
    expect(await row.textContent()).toContain('never');
    await shot(page, '05-api-key-created');

    // Shown once: after a reload the secret is nowhere on the page.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(key);

    await row.getByTestId('revoke-key').click();
    const confirm = page.getByTestId('confirm-revoke-key').filter({ visible: true });
    await confirm.waitFor();
    await shot(page, '06-api-key-revoke-confirm');
    await confirm.click();
    await row.waitFor({ state: 'detached' });
    expect(await page.getByTestId('api-key-row').count()).toBe(0);
    await page.getByText('Revoked keys (1)').click();
    expect(await page.getByTestId('revoked-key-row').textContent()).toContain(`sk_live_…${key.slice(-4)}`);
    await shot(page, '07-api-key-revoked');
  });

  it('sends a signed-out visitor of a deep link to sign in, then back to the link', async () => {
    const page = await newPage();
    await page.goto(`/dashboard/${aliceWorkspace}/usage`);
    const signIn = new URL(page.url());
    expect(signIn.pathname).toBe('/signin');
    expect(signIn.searchParams.get('callbackUrl')).toBe(`/dashboard/${aliceWorkspace}/usage`);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/dashboard/${aliceWorkspace}/usage`);
  });

  it('renders every workspace page', async () => {
    const page = alicePage;
    const base = `/dashboard/${aliceWorkspace}`;
    for (const [slug, heading] of [
      ['members', 'Members'],
      ['usage', 'Usage'],
      ['billing', 'Billing'],
      ['audit-log', 'Audit log'],
      ['api-reference', 'API reference'],
      ['settings', 'Settings'],
    ] as const) {
      const res = await page.goto(`${base}/${slug}`);
      expect(res?.status(), slug).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      if (slug === 'audit-log') {
        const actions = await page.getByTestId('audit-row').allTextContents();
        expect(actions[0]).toContain('api_key.revoked'); // latest first
        expect(actions.join('\n')).toContain('workspace.created');
      }
      if (slug === 'api-reference') await page.getByTestId('api-reference-unavailable').waitFor();
      if (slug === 'usage') await page.getByTestId('usage-chart').waitFor();
      if (slug === 'billing') await page.getByTestId('billing-not-configured').waitFor(); // no Stripe keys here
      await shot(page, `08-${slug}`);
    }
    const mobile = await newPage({ width: 390, height: 844 });
    await mobile.context().addCookies(await page.context().cookies());
    await mobile.goto(base);
    await shot(mobile, '09-overview-mobile');
  });

  it('invites a second user, who accepts; a third workspace stays private (404)', async () => {
    // Alice invites Bob; the link is shown to her.
    const bob = { name: 'Bob Stone', email: uniqueEmail('bob'), workspace: 'Bob Labs' };
    await alicePage.goto(`/dashboard/${aliceWorkspace}/members`);
    await alicePage.getByLabel('Email').fill(bob.email);
    await alicePage.getByTestId('send-invite').click();
    const linkEl = alicePage.getByTestId('invite-link');
    await linkEl.waitFor();
    const link = new URL((await linkEl.textContent())!.trim());
    expect(link.pathname).toMatch(/^\/invite\/[\w-]+$/);
    await alicePage.getByTestId('invitation-row').filter({ hasText: bob.email }).waitFor();
    await shot(alicePage, '10-members-invited');


    // Alice adds a publishable key: browser-safe scopes only, origins validated.
    await alicePage.goto(`/dashboard/${aliceWorkspace}/api-keys`);
    await alicePage.getByLabel('Name', { exact: true }).fill('Storefront widget');
    await alicePage.getByTestId('key-type-publishable').check();
    const offered = await alicePage.locator('input[name=scopes]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(offered.sort()).toEqual(['chat:write', 'events:write', 'recommendations:read']);
    await alicePage.getByRole('textbox', { name: 'Allowed origins' }).fill('https://shop.example.com/checkout');
    await alicePage.getByTestId('create-key').click();
    await alicePage.getByText('Must be an origin').waitFor();
    expect(await alicePage.getByLabel('Name', { exact: true }).inputValue()).toBe('Storefront widget'); // kept on error
    await shot(alicePage, '10-api-key-validation-error');
    await alicePage.getByRole('textbox', { name: 'Allowed origins' }).fill('https://shop.example.com');
    await alicePage.getByTestId('create-key').click();
    const pk = (await alicePage.getByTestId('new-key-secret').textContent())!.trim();
    expect(pk).toMatch(/^pk_live_[0-9A-Za-z]{32}$/);
    const pkRow = alicePage.getByTestId('api-key-row').filter({ hasText: 'Storefront widget' });
    expect((await pkRow.getByTestId('api-key-masked').textContent())!.trim()).toBe(`pk_live_…${pk.slice(-4)}`);
    expect(await pkRow.textContent()).toContain('https://shop.example.com');

    // Bob signs up in his own browser; his workspace is his alone.
    const bobPage = await newPage();
    const bobWorkspace = await signUp(bobPage, bob);

    // Alice opening Bob's workspace gets a 404, on the overview and on a sub-page.
    for (const url of [`/dashboard/${bobWorkspace}`, `/dashboard/${bobWorkspace}/api-keys`]) {
      const res = await alicePage.goto(url);
      expect(res?.status(), url).toBe(404);
      await alicePage.getByTestId('not-found').waitFor();
      expect(await alicePage.content()).not.toContain(bob.workspace);
    }
    await shot(alicePage, '11-cross-tenant-404');

    // Bob accepts Alice's invitation and lands in her workspace as a member.
    await bobPage.goto(link.pathname);
    expect(await bobPage.getByTestId('invitation-workspace').textContent()).toBe(alice.workspace);
    await shot(bobPage, '12-invitation');
    await bobPage.getByTestId('accept-invitation').click();
    await bobPage.waitForURL(`**/dashboard/${aliceWorkspace}`);
    expect(await bobPage.getByTestId('workspace-title').textContent()).toBe(alice.workspace);

    // As a member, Bob sees the keys list but no create or revoke controls.
    await bobPage.goto(`/dashboard/${aliceWorkspace}/api-keys`);
    await bobPage.getByTestId('api-key-row').filter({ hasText: 'Storefront widget' }).waitFor();
    expect(await bobPage.getByTestId('create-key-form').count()).toBe(0);
    expect(await bobPage.getByTestId('revoke-key').count()).toBe(0);
    await shot(bobPage, '13-api-keys-as-member');

    // The link works once.
    await bobPage.goto(link.pathname);
    await bobPage.getByTestId('invitation-invalid').waitFor();
  });

  // Issue 13, finding 4: dashboard pages had no CSP, no frame-ancestors, no nosniff, no Referrer-Policy.
  it('answers pages with the security headers, a fresh nonce on every script, and no page broke the CSP', async () => {
    const res = await alicePage.goto(`/dashboard/${aliceWorkspace}/settings`);
    const h = res!.headers();
    const csp = h['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/^ ?script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(h).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    expect(h['strict-transport-security']).toBeUndefined(); // plain HTTP here
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
    // Every script the server sent carries this response's nonce (scripts the runtime adds later
    // are trusted through 'strict-dynamic' and need none).
    const html = await res!.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);

    const signin = async (headers: Record<string, string> = {}) => (await fetch(`${server.url}/signin`, { headers })).headers;
    const [a, b] = [await signin(), await signin()];
    expect(a.get('content-security-policy')).not.toBe(b.get('content-security-policy'));
    expect((await signin({ 'X-Forwarded-Proto': 'https' })).get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const signedOut = await fetch(`${server.url}/dashboard/${aliceWorkspace}`, { redirect: 'manual' });
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get('x-frame-options')).toBe('DENY');

    expect(cspViolations).toEqual([]);
  });
});
