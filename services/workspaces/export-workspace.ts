// "Export workspace": every row of the workspace, in every table with a workspaceId column (found
// in the catalog, as deletion finds them, so a new table is exported without anyone remembering
// this file), as JSON Lines streamed from a server-side cursor: memory stays flat however many
// events there are, and one REPEATABLE READ transaction makes the file one consistent snapshot.
// Never exported: secrets and their hashes (columns named *Hash, *Encrypted, *Secret*, widgetKey,
// tokens) and binary columns (embedding vectors, model artifacts, uploaded originals; all
// derived from or duplicated by exported rows). Admins and owners only; each export is audited.
import pg from 'pg';
import { recordAudit } from '@/services/audit/record-audit';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { requireMembership } from './require-membership';

export const EXPORT_FORMAT = 'cairn-workspace-export/1';
const BATCH = 1000;
/** Column names that hold secrets or credentials' hashes: left out of every table. */
const SECRET_COLUMN = /hash$|encrypted$|secret|^widgetKey$|token/i;

interface TableColumns {
  table: string;
  columns: string[];
  omitted: string[];
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function exportedTables(client: pg.Client): Promise<TableColumns[]> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'workspaceId')
    ORDER BY c.table_name, c.ordinal_position`);
  const tables = new Map<string, TableColumns>();
  for (const r of rows) {
    const t = tables.get(r.table_name) ?? { table: r.table_name, columns: [], omitted: [] };
    (SECRET_COLUMN.test(r.column_name) || r.data_type === 'bytea' ? t.omitted : t.columns).push(r.column_name);
    tables.set(r.table_name, t);
  }
  return [...tables.values()];
}

/** JSON Lines of one query's rows, fetched BATCH at a time through a cursor. */
async function* cursorLines(client: pg.Client, table: string, sql: string, params: unknown[]): AsyncGenerator<string> {
  await client.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const { rows } = await client.query<{ row: unknown }>(`FETCH ${BATCH} FROM export_cursor`);
      if (rows.length === 0) return;
      yield rows.map((r) => JSON.stringify({ type: 'row', table, row: r.row })).join('\n') + '\n';
    }
  } finally {
    await client.query('CLOSE export_cursor');
  }
}

export interface WorkspaceExport {
  filename: string;
  lines: AsyncGenerator<string>;
}

/**
 * Checks the actor (not_found outside the workspace, forbidden below admin), records the export in
 * the audit log, and returns the lines to stream. The first line describes the export; then one
 * line per row: `{"type":"row","table":"Event","row":{...}}`; `Member` rows carry each member's
 * name and email (the User table itself belongs to no workspace).
 */
export async function exportWorkspace(input: { workspaceId: string; actorUserId: string }): Promise<WorkspaceExport> {
  const { workspace } = await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  await db().$transaction((tx) =>
    recordAudit(tx, { workspaceId: workspace.id, action: 'workspace.exported', targetType: 'workspace', targetId: workspace.id, actorUserId: input.actorUserId }),
  );
  const day = new Date().toISOString().slice(0, 10);
  return { filename: `cairn-${workspace.id}-${day}.jsonl`, lines: exportLines(workspace) };
}

async function* exportLines(workspace: { id: string; name: string; plan: string; createdAt: Date }): AsyncGenerator<string> {
  // A connection of its own: a long export must not hold one of the process's shared pools.
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  // A connection the server ends between two queries is an 'error' event (unhandled, it would end
  // the process); the next query then fails, and the caller sees that.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await exportedTables(client);
    yield JSON.stringify({
      type: 'export',
      format: EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      workspace: { id: workspace.id, name: workspace.name, plan: workspace.plan, createdAt: workspace.createdAt.toISOString() },
      timestamps: 'UTC',
      tables: tables.map((t) => t.table),
      omittedColumns: Object.fromEntries(tables.filter((t) => t.omitted.length > 0).map((t) => [t.table, t.omitted])),
    }) + '\n';
    yield* cursorLines(
      client,
      'Member',
      `SELECT json_build_object('userId', u.id, 'name', u.name, 'email', u.email, 'role', m.role, 'joinedAt', m."createdAt") AS row
       FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."workspaceId" = $1 ORDER BY m."createdAt"`,
      [workspace.id],
    );
    for (const t of tables) {
      const cols = t.columns.map(quoteIdent).join(', ');
      yield* cursorLines(client, t.table, `SELECT row_to_json(x) AS row FROM (SELECT ${cols} FROM ${quoteIdent(t.table)} WHERE "workspaceId" = $1) x`, [workspace.id]);
    }
  } finally {
    // Also when the reader stopped early (the generator is returned): ending the connection ends
    // the read-only transaction with it.
    await client.end().catch(() => undefined);
  }
}
