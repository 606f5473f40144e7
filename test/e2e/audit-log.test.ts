// Browser test of the audit log (issue 16, item 6): changes members make from the dashboard pages
// (knowledge base, bot tests, training settings) are recorded with who made them, and the page
// filters by action type, member and date range; a bad filter names its field; a member gets 404.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '@/services/paths';
import { startWebServer, type WebServer } from './support/web-server';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const PASSWORD = 'correct-horse-battery';
const uniqueEmail = (who: string) => `e2e-audit-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const owner = { name: 'Olga Owner', email: uniqueEmail('owner') };
const member = { name: 'Mick Member', email: uniqueEmail('member') };
let workspaceId: string;
let memberId: string;

async function signedIn(who: { email: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\//);
  return page;
}

/** The audit table's rows as "action | actor email" strings. */
async function rows(page: Page): Promise<string[]> {
  await page.waitForLoadState('load');
  return page.getByTestId('audit-row').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')];
      // The actor cell: the member's name, then their email.
      const email = [...cells[1]!.querySelectorAll('p')].at(-1)?.textContent ?? '';
      return `${(cells[2]!.textContent ?? '').trim()} | ${email.trim()}`;
    }),
  );
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through vitest');
  workspaceId = (await signUp({ email: owner.email, name: owner.name, password: PASSWORD, workspaceName: 'Audit Shop' })).workspace.id;
  memberId = (await signUp({ email: member.email, name: member.name, password: PASSWORD, workspaceName: 'Mick Home' })).user.id;
  await db().membership.create({ data: { workspaceId, userId: memberId, role: 'member' } });
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

describe('audit log', () => {
  it('records the changes members make in the dashboard, and filters them by action, member and date', async () => {
    const ownerPage = await signedIn(owner);
    const memberPage = await signedIn(member);
    const base = `/dashboard/${workspaceId}`;

    // Owner: a knowledge-base document and a bot test.
    await ownerPage.goto(`${base}/knowledge`);
    await ownerPage.getByRole('tab', { name: 'Write text' }).click();
    await ownerPage.getByLabel('Content (Markdown)').fill('## Returns\n\nReturns are free for 30 days.');
    await ownerPage.getByTestId('kb-add-text').click();
    await ownerPage.getByTestId('kb-added').waitFor();
    await ownerPage.goto(`${base}/bot-tests`);
    await ownerPage.getByRole('form', { name: 'Add a test' }).getByLabel('Question').fill('Are returns free?');
    await ownerPage.getByTestId('case-add').click();
    await ownerPage.getByTestId('case-saved').waitFor();
    // Member: a bot test of their own (members may keep tests).
    await memberPage.goto(`${base}/bot-tests`);
    await memberPage.getByRole('form', { name: 'Add a test' }).getByLabel('Question').fill('How long is delivery?');
    await memberPage.getByTestId('case-add').click();
    await memberPage.getByTestId('case-saved').waitFor();

    await ownerPage.goto(`${base}/audit-log`);
    const all = await rows(ownerPage);
    expect(all.slice(0, 3)).toEqual([`bot_test_case.created | ${member.email}`, `bot_test_case.created | ${owner.email}`, `kb_document.added | ${owner.email}`]);
    await ownerPage.screenshot({ path: path.join(SHOTS, 'audit-log.png'), fullPage: true });

    // By member (the form, as a person would use it).
    await ownerPage.getByLabel('Member').selectOption(memberId);
    await ownerPage.getByTestId('audit-filter').click();
    await ownerPage.waitForURL(/actor=/);
    expect(await rows(ownerPage)).toEqual([`bot_test_case.created | ${member.email}`]);

    // By action category, keeping nothing else.
    await ownerPage.goto(`${base}/audit-log?action=kb_document`);
    expect(await rows(ownerPage)).toEqual([`kb_document.added | ${owner.email}`]);
    await ownerPage.goto(`${base}/audit-log?action=bot_test_case.created&actor=${(await db().user.findUniqueOrThrow({ where: { email: owner.email } })).id}`);
    expect(await rows(ownerPage)).toEqual([`bot_test_case.created | ${owner.email}`]);

    // By date range: today has them all, a past range none.
    const today = new Date().toISOString().slice(0, 10);
    await ownerPage.goto(`${base}/audit-log?from=${today}&to=${today}`);
    expect((await rows(ownerPage)).length).toBe(all.length);
    await ownerPage.goto(`${base}/audit-log?from=2020-01-01&to=2020-01-31`);
    expect(await rows(ownerPage)).toEqual([]);
    await expect(ownerPage.getByText('No entries match these filters').count()).resolves.toBe(1);

    // Bad filters name the field.
    await ownerPage.goto(`${base}/audit-log?from=2026-13-45`);
    await expect(ownerPage.getByTestId('audit-filter-error').textContent()).resolves.toMatch(/^From must be a real start date/);
    await ownerPage.goto(`${base}/audit-log?from=2026-02-01&to=2026-01-01`);
    await expect(ownerPage.getByTestId('audit-filter-error').textContent()).resolves.toMatch(/^To must not be before the start date/);
    await ownerPage.goto(`${base}/audit-log?action=DROP TABLE`);
    await expect(ownerPage.getByTestId('audit-filter-error').textContent()).resolves.toMatch(/^Action type must be an action/);

    // A member does not see the audit log at all; another workspace's log is a 404 for the owner.
    expect((await memberPage.goto(`${base}/audit-log`))!.status()).toBe(404);
    const otherWs = (await db().membership.findFirstOrThrow({ where: { userId: memberId, role: 'owner' } })).workspaceId;
    expect((await ownerPage.goto(`/dashboard/${otherWs}/audit-log`))!.status()).toBe(404);
  });
});
