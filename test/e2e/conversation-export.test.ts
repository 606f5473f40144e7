// Browser test of the inbox's conversation export: real Chromium against `next start`, through the
// route handler (GET /api/workspaces/:id/conversations/export): the links carry the tab's filter,
// the download holds what the tab lists; signed out 401, another workspace 404, a member 403 (and
// no export links), a bad filter 400 naming it, a cross-site request 403.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signUp } from '@/services/auth/sign-up';
import { listConversations } from '@/services/chat/list-conversations';
import { disconnectDb } from '@/services/db/client';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { inviteMember } from '@/services/members/invite-member';
import { chatTurn, FORMULA_TEXT, seedInbox } from '@/test/support/conversations';
import { startWebServer, type WebServer } from './support/web-server';

const PASSWORD = 'correct-horse-battery';
const uniqueEmail = (who: string) => `e2e-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const admin = { email: uniqueEmail('export-admin'), workspaceId: '' };
const stranger = { email: uniqueEmail('export-other'), workspaceId: '' };
const member = { email: uniqueEmail('export-member') };
let ids: Awaited<ReturnType<typeof seedInbox>>;
let foreignId = '';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

async function signIn(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
}

beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL missing: run through `npx vitest run --project e2e`');
  const seed = async () => {
    const a = await signUp({ email: admin.email, password: PASSWORD, name: 'Ada Admin', workspaceName: 'Export Shop' });
    const b = await signUp({ email: stranger.email, password: PASSWORD, name: 'Olga Other', workspaceName: 'Other Shop' });
    admin.workspaceId = a.workspace.id;
    stranger.workspaceId = b.workspace.id;
    ids = await seedInbox(admin.workspaceId);
    foreignId = (await chatTurn(stranger.workspaceId, 'A question for the other shop', { intent: 'handoff', handoff: true })).conversationId;
    const m = await signUp({ email: member.email, password: PASSWORD, name: 'Mo Member' });
    const { link } = await inviteMember({ workspaceId: admin.workspaceId, actorUserId: a.user.id, email: member.email, role: 'member' });
    await acceptInvitation({ token: link.split('/invite/')[1]!, userId: m.user.id });
  };
  [server, browser] = await Promise.all([
    startWebServer({ databaseUrl: process.env.DATABASE_URL, env: { API_PORT: '9' } }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    seed(),
  ]);
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await disconnectDb();
});

const exportUrl = (workspaceId: string, query: string) => `/api/workspaces/${workspaceId}/conversations/export?${query}`;

describe('conversation export', () => {
  it('an admin downloads the tab they are on: the CSV holds what the tab lists, formulas defused', async () => {
    const page = await newPage();
    await signIn(page, admin.email);
    await page.goto(`/dashboard/${admin.workspaceId}/inbox`);
    await page.getByTestId('inbox-filter-flagged').click();
    await page.waitForURL(/filter=flagged/);
    const csvLink = page.getByTestId('inbox-export-csv');
    expect(await csvLink.getAttribute('href')).toBe(exportUrl(admin.workspaceId, 'format=csv&filter=flagged'));
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^conversations-flagged-\d{4}-\d\d-\d\d\.csv$/);
    const rows = parse(fs.readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.conversation_id).sort()).toEqual([ids.angry, ids.handoff].sort());
    expect(rows.find((r) => r.conversation_id === ids.angry)).toMatchObject({ needs_person: 'true', thumbs_down: '1', last_sentiment: 'negative' });

    // "All", as JSON: every conversation of the workspace with its messages, none of another's.
    await page.getByTestId('inbox-filter-all').click();
    await page.waitForURL((url) => !url.search.includes('filter='));
    const jsonHref = (await page.getByTestId('inbox-export-json').getAttribute('href'))!;
    expect(jsonHref).toBe(exportUrl(admin.workspaceId, 'format=json&filter=all'));
    const res = await page.request.get(jsonHref);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="conversations-all-/);
    const doc = (await res.json()) as { conversations: { id: string; messages: { role: string; text: string }[] }[] };
    expect(doc.conversations.map((c) => c.id)).toEqual((await listConversations(admin.workspaceId, { filter: 'all' })).conversations.map((c) => c.id));
    expect(doc.conversations.map((c) => c.id)).not.toContain(foreignId);
    expect(doc.conversations.find((c) => c.id === ids.formula)!.messages[0]).toMatchObject({ role: 'visitor', text: FORMULA_TEXT });
    const csv = await page.request.get(exportUrl(admin.workspaceId, 'format=csv'));
    expect(await csv.text()).toContain(`"'${FORMULA_TEXT.replace(/"/g, '""')}"`);

    // A bad filter or format: 400 naming the field; a cross-site request: 403.
    const bad = await page.request.get(exportUrl(admin.workspaceId, 'format=csv&filter=everything'));
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'filter' }] } });
    const noFormat = await page.request.get(exportUrl(admin.workspaceId, 'filter=open'));
    expect(noFormat.status()).toBe(400);
    expect(await noFormat.json()).toMatchObject({ error: { details: [{ path: 'format' }] } });
    expect((await page.request.get(exportUrl(admin.workspaceId, 'format=csv'), { headers: { Origin: 'https://evil.example' } })).status()).toBe(403);
  });

  it('signed out 401, another workspace 404, a member 403 and no export links', async () => {
    const url = exportUrl(admin.workspaceId, 'format=csv');
    const anonymous = await browser.newContext({ baseURL: server.url });
    contexts.push(anonymous);
    const signedOut = await anonymous.request.get(url);
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });

    const other = await newPage();
    await signIn(other, stranger.email);
    const notFound = await other.request.get(url);
    expect(notFound.status()).toBe(404);
    expect(await notFound.text()).not.toContain(ids.angry);

    const memberPage = await newPage();
    await signIn(memberPage, member.email);
    await memberPage.goto(`/dashboard/${admin.workspaceId}/inbox`);
    await memberPage.getByTestId('inbox-table').waitFor();
    expect(await memberPage.getByTestId('inbox-export-csv').count()).toBe(0);
    expect(await memberPage.getByTestId('inbox-export-json').count()).toBe(0);
    const forbidden = await memberPage.request.get(url);
    expect(forbidden.status()).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});
