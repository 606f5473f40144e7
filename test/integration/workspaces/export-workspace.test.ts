// Issue 16, item 6: "Export workspace" streams every row of the workspace, from every table with a
// workspaceId column, as JSON Lines; nothing of another workspace; no secrets (key hashes, the
// encrypted LLM key, invitation token hashes); admins and owners only, a stranger gets 404; audited.
import { describe, expect, it } from 'vitest';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { inviteMember } from '@/services/members/invite-member';
import { signUp } from '@/services/auth/sign-up';
import { db } from '@/services/db/client';
import { EXPORT_FORMAT, exportWorkspace } from '@/services/workspaces/export-workspace';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { populateWorkspace, rowsPerTable } from '@/test/support/workspace-data';

type Line = { type: string; table?: string; row?: Record<string, unknown>; [k: string]: unknown };

async function readAll(lines: AsyncGenerator<string>): Promise<{ text: string; parsed: Line[] }> {
  let text = '';
  for await (const chunk of lines) text += chunk;
  return { text, parsed: text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line) };
}

async function memberWith(owner: { user: { id: string }; workspace: { id: string } }, role: 'admin' | 'member') {
  const email = uniqueEmail(role);
  const { user } = await signUp({ email, name: `The ${role}`, password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, email, role });
  await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  return { ...user, email };
}

describe('workspace export', () => {
  it('holds every row of the workspace per table, members with emails, and no secrets or other tenants', async () => {
    const owner = await buildOwner();
    const other = await buildOwner();
    await populateWorkspace(owner);
    const otherData = await populateWorkspace(other);
    const admin = await memberWith(owner, 'admin');
    // A sealed LLM key in the bot settings: it must not leave in the export.
    await db().chatSettings.upsert({
      where: { workspaceId: owner.workspace.id },
      create: { workspaceId: owner.workspace.id, llmApiKeyEncrypted: 'sealed-secret-value', llmApiKeyHint: 'sk-…abcd' },
      update: { llmApiKeyEncrypted: 'sealed-secret-value' },
    });
    const expected = await rowsPerTable(owner.workspace.id);

    const exported = await exportWorkspace({ workspaceId: owner.workspace.id, actorUserId: admin.id });
    expect(exported.filename).toMatch(new RegExp(`^cairn-${owner.workspace.id}-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`));
    const { text, parsed } = await readAll(exported.lines);

    const [head, ...rows] = parsed;
    expect(head).toMatchObject({ type: 'export', format: EXPORT_FORMAT, workspace: { id: owner.workspace.id, name: owner.workspace.name } });
    expect(head!.omittedColumns).toMatchObject({ ApiKey: ['keyHash'], Invitation: ['tokenHash'], ChatSettings: expect.arrayContaining(['llmApiKeyEncrypted']) });
    // Every table's rows, counted as the database counts them (Workspace itself is the header).
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.table!] = (counts[r.table!] ?? 0) + 1;
    const tables = Object.fromEntries(Object.entries(expected).filter(([t]) => t !== 'Workspace'));
    // The export's own audit line is written before the snapshot is read.
    expect(counts).toEqual({ ...tables, AuditLog: tables.AuditLog! + 1, Member: 2 });
    for (const r of rows) if (r.table !== 'Member') expect(r.row!.workspaceId).toBe(owner.workspace.id);
    expect(rows.filter((r) => r.table === 'Member').map((r) => r.row!.email).sort()).toEqual([admin.email, owner.email].sort());
    expect(rows.find((r) => r.table === 'Event')!.row).toMatchObject({ type: expect.any(String), userId: 'u-1', itemId: 'sku-1' });

    // No secrets, hashes or other tenants.
    const hashes = await db().apiKey.findMany({ where: { workspaceId: owner.workspace.id }, select: { keyHash: true } });
    for (const { keyHash } of hashes) expect(text).not.toContain(keyHash);
    expect(text).not.toContain('sealed-secret-value');
    const body = text.slice(text.indexOf('\n') + 1); // the header names the omitted columns
    expect(body).not.toMatch(/passwordHash|tokenHash|keyHash|Encrypted/);
    expect(text).not.toContain(other.workspace.id);
    expect(text).not.toContain(otherData.key.key);

    const audit = await db().auditLog.findMany({ where: { workspaceId: owner.workspace.id, action: 'workspace.exported' } });
    expect(audit).toMatchObject([{ actorUserId: admin.id, targetId: owner.workspace.id }]);
  });

  it('is for admins and owners: a member is refused (403), a stranger sees no workspace (404)', async () => {
    const owner = await buildOwner();
    const member = await memberWith(owner, 'member');
    const stranger = await buildOwner();
    await expect(exportWorkspace({ workspaceId: owner.workspace.id, actorUserId: member.id })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(exportWorkspace({ workspaceId: owner.workspace.id, actorUserId: stranger.user.id })).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(exportWorkspace({ workspaceId: 'ws_doesnotexist', actorUserId: owner.user.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db().auditLog.count({ where: { workspaceId: owner.workspace.id, action: 'workspace.exported' } })).toBe(0);
  });

  it('releases its connection when the reader stops early', async () => {
    const owner = await buildOwner();
    await populateWorkspace(owner);
    const connections = async () =>
      (await db().$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'FETCH%'`)[0].n;
    const exported = await exportWorkspace({ workspaceId: owner.workspace.id, actorUserId: owner.user.id });
    const first = await exported.lines.next();
    expect(first.done).toBe(false);
    await exported.lines.next(); // a cursor is open now
    await exported.lines.return(undefined);
    const until = Date.now() + 5000;
    while ((await connections()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await connections()).toBe(0);
  });
});
