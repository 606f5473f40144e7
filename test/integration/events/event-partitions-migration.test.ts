// The migration that partitions "Event" keeps the rows already there (issue 17): a database
// migrated to the step before it, with events, then migrated on.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, withDatabase } from '@/test/support/database';
import { PROJECT_ROOT } from '@/services/paths';

const MIGRATION = '20261202003000_event_partitions';
const dir = path.join(PROJECT_ROOT, 'prisma', 'migrations');
const name = `cairn_test_partmig_${randomBytes(4).toString('hex')}`;
let client: pg.Client;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  client = new pg.Client({ connectionString: withDatabase(adminUrl(), name) });
  await client.connect();
  for (const m of readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort()) {
    if (m >= MIGRATION) break;
    await client.query(readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'));
  }
}, 120_000);
afterAll(async () => {
  await client.end();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${MIGRATION}`, () => {
  it('keeps every existing event (in Event_history), seeds EventId with the last 30 days, and sends new events elsewhere', async () => {
    await client.query(`INSERT INTO "Workspace" ("id", "name") VALUES ('w1', 'one'), ('w2', 'two')`);
    // 2,000 events, one an hour back from now: ~83 days, the newest 30 days of them 720.
    await client.query(`
      INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "properties", "timestamp", "receivedAt")
      SELECT 'w' || (1 + g % 2), 'e' || g, 'view', 'u' || g, '{"k": 1}', now() - g * interval '1 hour', (now() AT TIME ZONE 'UTC') - g * interval '1 hour'
      FROM generate_series(1, 2000) g`);
    const before = (await client.query(`SELECT "workspaceId", "id", "type", "userId", "properties", "timestamp", "receivedAt" FROM "Event" ORDER BY 1, 2`)).rows;

    await client.query(readFileSync(path.join(dir, MIGRATION, 'migration.sql'), 'utf8'));

    const after = (await client.query(`SELECT "workspaceId", "id", "type", "userId", "properties", "timestamp", "receivedAt" FROM "Event" ORDER BY 1, 2`)).rows;
    expect(after).toEqual(before);
    const parts = (await client.query(`SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM "Event" GROUP BY 1`)).rows;
    expect(parts).toEqual([{ p: '"Event_history"', n: 2000 }]);
    const { rows: ids } = await client.query(`SELECT count(*)::int AS n FROM "EventId"`);
    expect(ids[0].n).toBeGreaterThanOrEqual(719);
    expect(ids[0].n).toBeLessThanOrEqual(720);
    expect((await client.query(`SELECT relkind FROM pg_class WHERE relname = 'Event'`)).rows).toEqual([{ relkind: 'p' }]);
    // Events received from now on go to a partition of their own, not into the old rows' one.
    await client.query(`INSERT INTO "Event" ("workspaceId", "id", "type", "timestamp") VALUES ('w1', 'new', 'view', now())`);
    const { rows: fresh } = await client.query(`SELECT tableoid::regclass::text AS p FROM "Event" WHERE "id" = 'new'`);
    expect(fresh[0].p).toMatch(/^"Event_p\d{4}_\d{2}"$/);
  });
});
