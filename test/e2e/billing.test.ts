// Browser test of billing against the real web process and the local fake Stripe: an owner sees
// the billing page, upgrades through Checkout (the fake's page, webhooks delivered to the real
// route handler), sees the plan, invoice and quotas change, cancels through the portal; a member
// can neither see nor open billing; the quota banner appears at 80% and 100%; webhook signatures
// are checked by the route on the raw body.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { startWebServer, type WebServer } from './support/web-server';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { stripeTestEnv, TEST_PRICES } from '@/test/support/billing';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';
import { signUp as signUpService } from '@/services/auth/sign-up';
import { PLANS } from '@/services/billing/plans';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const uniqueEmail = (who: string) => `e2e-billing-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

let server: WebServer;
let browser: Browser;
let fake: FakeStripe;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
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

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  fake = await startFakeStripe({ priceAmounts: { [TEST_PRICES.pro.base]: 4900, [TEST_PRICES.scale.base]: 49900 } });
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl, env: { ...stripeTestEnv(fake), API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  fake.setWebhookTarget(`${server.url}/api/stripe/webhook`);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe('billing', () => {
  const owner = { name: 'Olivia Owner', email: uniqueEmail('owner') };
  const member = { name: 'Max Member', email: uniqueEmail('member') };
  let workspaceId: string;
  let ownerPage: Page;

  beforeAll(async () => {
    const created = await signUpService({ email: owner.email, name: owner.name, password: PASSWORD, workspaceName: 'Billing Shop' });
    workspaceId = created.workspace.id;
    const m = await signUpService({ email: member.email, name: member.name, password: PASSWORD, workspaceName: 'Member Home' });
    await db().membership.create({ data: { workspaceId, userId: m.user.id, role: 'member' } });
  });

  it('a member sees neither the billing link nor the page (404); an owner sees both', async () => {
    const page = await newPage();
    await signIn(page, member.email);
    await page.goto(`/dashboard/${workspaceId}`);
    await page.getByTestId('workspace-title').waitFor();
    expect(await page.getByRole('link', { name: 'Billing' }).count()).toBe(0);
    const res = await page.goto(`/dashboard/${workspaceId}/billing`);
    expect(res?.status()).toBe(404);
    await page.getByTestId('not-found').waitFor();
    expect(await page.content()).not.toContain('Estimated bill');
    await shot(page, 'billing-01-member-404');

    ownerPage = await newPage();
    await signIn(ownerPage, owner.email);
    await ownerPage.goto(`/dashboard/${workspaceId}`);
    await ownerPage.getByRole('link', { name: 'Billing' }).first().click();
    await ownerPage.waitForURL(`**/dashboard/${workspaceId}/billing`);
    expect(await ownerPage.getByRole('heading', { level: 1 }).textContent()).toBe('Billing');
    expect(await ownerPage.getByTestId('billing-plan').textContent()).toBe('Free');
    expect(await ownerPage.getByTestId('billing-usage-row').count()).toBe(5);
    expect(await ownerPage.getByTestId('billing-estimate').textContent()).toBe('$0.00');
    await ownerPage.getByTestId('usage-chart').waitFor();
    await ownerPage.getByTestId('upgrade-pro').waitFor();
    expect(await ownerPage.getByTestId('billing-not-configured').count()).toBe(0);
  });

  it('shows the quota banner at 80% and at 100%, to members without a billing link', async () => {
    const cap = PLANS.free.included.events;
    await db().$transaction((tx) => recordUsage(tx, { workspaceId, meter: 'events', quantity: Math.ceil(cap * 0.85) }));
    await ownerPage.goto(`/dashboard/${workspaceId}`);
    const banner = ownerPage.getByTestId('quota-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-level')).toBe('80');
    expect(await banner.textContent()).toMatch(/85% of the events ingested quota used/);
    expect(await banner.getByRole('link', { name: /Upgrade on the billing page/ }).count()).toBe(1);
    await shot(ownerPage, 'billing-02-banner-80');

    await db().$transaction((tx) => recordUsage(tx, { workspaceId, meter: 'events', quantity: cap - Math.ceil(cap * 0.85) }));
    await ownerPage.goto(`/dashboard/${workspaceId}/events`);
    expect(await banner.getAttribute('data-level')).toBe('100');
    expect(await banner.textContent()).toMatch(/Quota reached: events ingested.*429 quota_exceeded/);
    await shot(ownerPage, 'billing-03-banner-100');

    const page = await newPage();
    await signIn(page, member.email);
    await page.goto(`/dashboard/${workspaceId}`);
    const memberBanner = page.getByTestId('quota-banner');
    await memberBanner.waitFor();
    expect(await memberBanner.textContent()).toMatch(/Ask an owner or admin to upgrade the plan/);
    expect(await memberBanner.getByRole('link').count()).toBe(0);
  });

  it('upgrades through Stripe Checkout: the webhooks reach the route, the plan, invoice and banner follow', async () => {
    const page = ownerPage;
    await page.goto(`/dashboard/${workspaceId}/billing`);
    await shot(page, 'billing-04-free');
    await page.getByTestId('upgrade-pro').click();
    await page.waitForURL(`${fake.url}/checkout/**`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fake Stripe Checkout');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`**/dashboard/${workspaceId}/billing?checkout=success**`);
    await page.getByTestId('checkout-success').waitFor();
    // The fake delivered checkout.session.completed, customer.subscription.created and invoice.paid to the route.
    expect(fake.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['customer.subscription.created', 200],
      ['invoice.paid', 200],
      ['checkout.session.completed', 200],
    ]);
    expect(await page.getByTestId('billing-plan').textContent()).toBe('Pro');
    expect(await page.getByTestId('billing-period').textContent()).toContain('subscription');
    expect(await page.getByTestId('billing-estimate').textContent()).toBe('$49.00');
    const invoice = page.getByTestId('invoice-row');
    expect(await invoice.count()).toBe(1);
    expect(await invoice.textContent()).toMatch(/\$49\.00/);
    expect(await invoice.textContent()).toMatch(/paid/i);
    // The Free cap's events are far below Pro's included units: no banner any more.
    expect(await page.getByTestId('quota-banner').count()).toBe(0);
    await shot(page, 'billing-05-pro');
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).plan).toBe('pro');
  });

  it('cancels through the Customer Portal and falls back to Free', async () => {
    const page = ownerPage;
    await page.getByTestId('manage-billing').click();
    await page.waitForURL(`${fake.url}/portal/**`);
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    await page.waitForURL(`**/dashboard/${workspaceId}/billing`);
    expect(await page.getByTestId('billing-plan').textContent()).toBe('Free');
    expect(fake.deliveries.at(-1)).toMatchObject({ type: 'customer.subscription.deleted', status: 200 });
    await page.getByTestId('quota-banner').waitFor();
    await shot(page, 'billing-06-cancelled');
  });

  it('the webhook route checks the signature on the raw body, its age, and processes an event once', async () => {
    const url = `${server.url}/api/stripe/webhook`;
    const sub = [...fake.subscriptions.values()].find((s) => s.status === 'canceled')!;
    const event = fake.event('customer.subscription.updated', sub);
    const tampered = await fake.deliver(event, { url, tamper: (p) => p.replace('"canceled"', '"active"') });
    expect(tampered.status).toBe(400);
    expect(JSON.parse(tampered.body).error.code).toBe('bad_request');
    // The same JSON re-serialised (whitespace changed) no longer matches what was signed.
    const reformatted = await fake.deliver(event, { url, tamper: (p) => JSON.stringify(JSON.parse(p)) });
    expect(reformatted.status).toBe(400);
    const old = await fake.deliver(event, { url, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(400);
    const unsigned = await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(unsigned.status).toBe(400);
    const ok = await fake.deliver(event, { url });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ received: true, id: event.id });
    const replay = await fake.deliver(event, { url });
    expect(JSON.parse(replay.body).outcome).toBe('already processed');
    expect((await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).plan).toBe('free');
  });
});
