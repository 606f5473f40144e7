// A workspace with rows in as many tables as the services can fill (for deletion and export
// tests), and counts of its rows in every table that has a workspaceId column.
import { randomBytes } from 'node:crypto';
import { db } from '@/services/db/client';
import { itemInputSchema } from '@/services/catalog/schemas';
import { upsertItems } from '@/services/catalog/upsert-items';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { addDocument } from '@/services/knowledge/add-document';
import { inviteMember } from '@/services/members/invite-member';
import { updatePrivacySettings } from '@/services/privacy/update-privacy-settings';
import { buildKey, uniqueEmail } from './builders';
import { chatTurn, sentiment } from './conversations';

/** Fills `owner`'s workspace through the services: keys, members, catalog, events, knowledge, chat, settings. */
export async function populateWorkspace(owner: { user: { id: string }; workspace: { id: string } }) {
  const workspaceId = owner.workspace.id;
  const key = await buildKey(owner, { name: 'export me' });
  await inviteMember({ workspaceId, actorUserId: owner.user.id, email: uniqueEmail('invitee'), role: 'member' });
  await upsertItems(workspaceId, [itemInputSchema.parse({ id: 'sku-1', title: 'Boots', categories: ['shoes'], price: 99 }), itemInputSchema.parse({ id: 'sku-2', title: 'Socks' })]);
  await upsertUsers(workspaceId, [{ id: 'u-1', traits: { plan: 'gold' } } as never]);
  const now = Date.now();
  await ingestEvents(workspaceId, [
    { id: `e-${randomBytes(4).toString('hex')}`, type: 'view', userId: 'u-1', itemId: 'sku-1', timestamp: now - 1000 },
    { id: `e-${randomBytes(4).toString('hex')}`, type: 'purchase', userId: 'u-1', itemId: 'sku-1', timestamp: now, value: 99 },
  ]);
  await addDocument(workspaceId, { kind: 'markdown', title: 'Help', content: '# Shipping\nThree days.' } as never);
  const turn = await chatTurn(workspaceId, 'How long does shipping take?', { userId: 'u-1', sentiment: sentiment('positive', 0.1) });
  await updatePrivacySettings(workspaceId, { eventRetentionDays: 30 }, { userId: owner.user.id });
  await db().$executeRaw`INSERT INTO "RecSettings" ("workspaceId", "autoTrain") VALUES (${workspaceId}, false)`;
  await db().$executeRaw`INSERT INTO "RecServeStat" ("workspaceId", day, version, endpoint, requests, items) VALUES (${workspaceId}, CURRENT_DATE, 1, 'items', 3, 30)`;
  return { key, conversationId: turn.conversationId };
}

/** Base tables of the schema with a "workspaceId" column (what deletion must empty). */
export async function tablesWithWorkspaceId(): Promise<string[]> {
  const rows = await db().$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = current_schema() AND c.column_name = 'workspaceId' AND t.table_type = 'BASE TABLE'
    ORDER BY 1`;
  return rows.map((r) => r.table_name);
}

/** Rows of `workspaceId` per table (Workspace itself by id); only tables with rows. */
export async function rowsPerTable(workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await tablesWithWorkspaceId()) {
    const [{ n }] = await db().$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "workspaceId" = $1`, workspaceId);
    if (n > 0) out[table] = n;
  }
  const [{ n }] = await db().$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n FROM "Workspace" WHERE id = ${workspaceId}`;
  if (n > 0) out.Workspace = n;
  return out;
}
