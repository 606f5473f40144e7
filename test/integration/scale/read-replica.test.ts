// DATABASE_REPLICA_URL against real streaming replication: a primary and a replica made with
// pg_basebackup (test/support/pg-replica.ts). With the replica's replay paused, what is read from
// it cannot show a new write, so the test can tell which server answered each read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startReplicatedPostgres, type ReplicatedPostgres } from '@/test/support/pg-replica';
import { migrateDatabase } from '@/services/db/migrate';

let cluster: ReplicatedPostgres;
let api: Awaited<ReturnType<typeof import('@/test/support/api-server').startApiServer>>;
let catalog: typeof import('@/test/support/catalog');
let client: typeof import('@/services/db/client');

async function waitForReplay(timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await cluster.replicaSql('SELECT pg_last_wal_replay_lsn() AS replayed, pg_last_wal_receive_lsn() AS received');
    if (rows[0].replayed === rows[0].received) return;
    if (Date.now() > deadline) throw new Error('replica did not catch up');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  cluster = await startReplicatedPostgres();
  const admin = new pg.Client({ connectionString: cluster.primaryUrl('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE cairn');
  await admin.end();
  await migrateDatabase(cluster.primaryUrl('cairn'));
  // Before the first env() call of this test process: every service module reads these.
  process.env.DATABASE_URL = cluster.primaryUrl('cairn');
  process.env.DATABASE_REPLICA_URL = cluster.replicaUrl('cairn');
  client = await import('@/services/db/client');
  catalog = await import('@/test/support/catalog');
  api = await (await import('@/test/support/api-server')).startApiServer();
}, 180_000);

afterAll(async () => {
  await cluster?.replicaSql('SELECT pg_wal_replay_resume()').catch(() => undefined);
  await api?.close();
  await client?.disconnectDb();
  await cluster?.stop();
});

describe('reads from a streaming replica (DATABASE_REPLICA_URL)', () => {
  it('lists come from the replica; a GET of one item after its PUT reads the primary', async () => {
    const t = await catalog.tenant();
    expect((await catalog.putItems(api, t.key, [{ id: 'tent', title: 'Tent' }])).status).toBe(200);
    await waitForReplay();
    await cluster.replicaSql('SELECT pg_wal_replay_pause()');
    try {
      expect((await catalog.putItems(api, t.key, [{ id: 'stove', title: 'Stove' }])).status).toBe(200);
      // Read-your-writes where the API promises it: the item just written.
      expect((await api.request('/v1/items/stove', { key: t.key })).status).toBe(200);
      // The list is served by the replica, whose replay is paused: the new item is not there yet.
      const paused = await (await api.request('/v1/items', { key: t.key })).json();
      expect(paused.items.map((i: { id: string }) => i.id)).toEqual(['tent']);
    } finally {
      await cluster.replicaSql('SELECT pg_wal_replay_resume()');
    }
    await waitForReplay();
    const caughtUp = await (await api.request('/v1/items', { key: t.key })).json();
    expect(caughtUp.items.map((i: { id: string }) => i.id)).toEqual(['stove', 'tent']);
  });

  it('a read that must not miss a row falls back to the primary while the replica lags', async () => {
    const t = await catalog.tenant();
    await waitForReplay();
    await cluster.replicaSql('SELECT pg_wal_replay_pause()');
    try {
      await catalog.putItems(api, t.key, [{ id: 'lamp', title: 'Lamp' }]);
      const read = (c: ReturnType<typeof client.db>) => c.item.findUnique({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: 'lamp' } } });
      expect(await read(client.dbRead())).toBeNull(); // the replica has not replayed it
      expect(await client.readFresh(read, (row) => row !== null)).toMatchObject({ id: 'lamp', title: 'Lamp' });
    } finally {
      await cluster.replicaSql('SELECT pg_wal_replay_resume()');
    }
  });

  it('the replica refuses writes, so nothing can be written there by mistake', async () => {
    await expect(client.dbRead().$executeRawUnsafe('CREATE TABLE "Oops" (id int)')).rejects.toThrow(/read-only/);
  });
});
