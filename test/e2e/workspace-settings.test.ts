// Browser test of the settings page's export and delete (issue 16, item 6): the export link
// downloads the workspace's JSON Lines (admins; a member 403, a stranger 404, signed out 401); the
// delete form is the owner's alone, wants the workspace's name typed, and then leaves no row of
// the workspace in any table while the owner's other workspace stays.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from './support/web-server';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';
import { createWorkspace } from '@/services/workspaces/create-workspace';
import { populateWorkspace, rowsPerTable } from '@/test/support/workspace-data';

const PASSWORD = 'correct-horse-battery';
const uniqueEmail = (who: string) => `e2e-settings-${who}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.com`;

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const people = { owner: uniqueEmail('owner'), admin: uniqueEmail('admin'), member: uniqueEmail('member'), stranger: uniqueEmail('stranger') };
let workspaceId: string;
let workspaceName: string;
let ownerUserId: string;

async function signedIn(email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard\//);
  return page;
}

/** GET from the page's origin with its cookies: status and body. */
const fetchIn = (page: Page, url: string) =>
  page.evaluate(async (u) => {
    const res = await fetch(u);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  }, url);

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing: run through vitest');
  const created = await signUp({ email: people.owner, name: 'Owen Owner', password: PASSWORD, workspaceName: 'Doomed Shop' });
  workspaceId = created.workspace.id;
  workspaceName = created.workspace.name;
  ownerUserId = created.user.id;
  await populateWorkspace({ user: created.user, workspace: created.workspace });
  for (const [role, email] of [['admin', people.admin], ['member', people.member]] as const) {
    const { user } = await signUp({ email, name: `The ${role}`, password: PASSWORD, workspaceName: `${role} home` });
    await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  }
  await signUp({ email: people.stranger, name: 'Stranger', password: PASSWORD, workspaceName: 'Elsewhere' });
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

describe('workspace settings: export and delete', () => {
  it('exports for admins, refuses members (403), strangers (404) and the signed out (401)', async () => {
    const admin = await signedIn(people.admin);
    await admin.goto(`/dashboard/${workspaceId}/settings`);
    // Admins export but cannot delete.
    await expect(admin.getByRole('form', { name: 'Delete workspace' }).count()).resolves.toBe(0);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('export-workspace').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^cairn-${workspaceId}-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`));
    const text = await (await fetchIn(admin, `/api/workspaces/${workspaceId}/export`)).body;
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; table?: string });
    expect(lines[0]).toMatchObject({ type: 'export', workspace: { id: workspaceId } });
    for (const t of ['Event', 'Item', 'KbDocument', 'Conversation', 'ApiKey', 'Member']) expect(lines.some((l) => l.table === t), t).toBe(true);

    const member = await signedIn(people.member);
    await member.goto(`/dashboard/${workspaceId}/settings`);
    await expect(member.getByTestId('export-workspace').count()).resolves.toBe(0);
    await expect(fetchIn(member, `/api/workspaces/${workspaceId}/export`)).resolves.toMatchObject({ status: 403, body: expect.stringContaining('"forbidden"') });
    const stranger = await signedIn(people.stranger);
    await expect(fetchIn(stranger, `/api/workspaces/${workspaceId}/export`)).resolves.toMatchObject({ status: 404 });
    const res = await fetch(`${server.url}/api/workspaces/${workspaceId}/export`);
    expect(res.status).toBe(401);
  });

  it('deletes the workspace for its owner after the name is typed, leaving no row of it', async () => {
    const second = await createWorkspace({ name: 'Kept Shop', ownerUserId });
    const owner = await signedIn(people.owner);
    await owner.goto(`/dashboard/${workspaceId}/settings`);
    const form = owner.getByRole('form', { name: 'Delete workspace' });
    await form.getByLabel(/to confirm/).fill('Doomed');
    await owner.getByTestId('delete-workspace').click();
    await expect(owner.locator('#field-confirmName-error').textContent()).resolves.toBe(`Workspace name does not match “${workspaceName}”`);
    expect(await db().workspace.count({ where: { id: workspaceId } })).toBe(1);

    await form.getByLabel(/to confirm/).fill(workspaceName);
    await owner.getByTestId('delete-workspace').click();
    await owner.waitForURL(new RegExp(`/dashboard/${second.id}`));
    expect(await rowsPerTable(workspaceId)).toEqual({});
    expect(await rowsPerTable(second.id)).toMatchObject({ Workspace: 1, Membership: 1 });
    expect((await owner.goto(`/dashboard/${workspaceId}/settings`))!.status()).toBe(404);
    expect(await db().accountAuditLog.count({ where: { userId: ownerUserId, action: 'workspace.deleted', targetId: workspaceId } })).toBe(1);
  });
});
