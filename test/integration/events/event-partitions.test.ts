// "Event" is partitioned by month of receivedAt (issue 17; docs/operations.md, "Event
// partitions"): deduplication by id across partitions, the worker creating partitions ahead, the
// default partition, and each plan's retention. On a database of its own: the retention test drops
// partitions that other files' events would live in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/test/support/database';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;
const { startApiServer } = await import('@/test/support/api-server');
const { buildKey, buildOwner } = await import('@/test/support/builders');
const { startWorkerProcess } = await import('@/test/support/worker-process');
const { db, disconnectDb } = await import('@/services/db/client');
const { closeCommitPool } = await import('@/services/db/commit-pool');
const { enqueue } = await import('@/services/jobs/enqueue');
const { maintainEventPartitionsJob } = await import('@/services/event-partitions/jobs');
const { ensureEventPartitions } = await import('@/services/event-partitions/ensure-event-partitions');
const { listEventPartitions } = await import('@/services/event-partitions/list-event-partitions');
const { pruneEventIds } = await import('@/services/event-partitions/prune-event-ids');
const { applyEventRetention } = await import('@/services/event-partitions/apply-event-retention');

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(async () => {
  await api.close();
  await closeCommitPool();
  await disconnectDb();
  await testDb.drop();
});

async function tenant(plan = 'free') {
  const owner = await buildOwner();
  if (plan !== 'free') await db().workspace.update({ where: { id: owner.workspace.id }, data: { plan } });
  const { key } = await buildKey(owner);
  return { workspaceId: owner.workspace.id, key };
}
async function ingest(key: string, events: unknown[]) {
  const res = await api.request('/v1/events', { method: 'POST', key, body: JSON.stringify({ events }), headers: { 'Content-Type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; code: string; message: string }[] } };
}
const view = (id: string, timestamp?: number | string) => ({ id, type: 'view', userId: 'u1', itemId: 'i1', ...(timestamp === undefined ? {} : { timestamp }) });
/** The event's copies with the partition each sits in. */
const copies = (workspaceId: string, id: string) =>
  db().$queryRaw<{ partition: string; timestamp: Date; receivedAt: Date }[]>`
    SELECT tableoid::regclass::text AS partition, "timestamp", "receivedAt" FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "id" = ${id}`;
const partitionOf = async (at: Date) =>
  (await listEventPartitions()).find((p) => !p.isDefault && (p.from === null || p.from <= at) && (p.to === null || p.to > at))?.name;
const monthStart = (d: Date, plus = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1));
const DAY = 24 * 3600 * 1000;

describe('Event partitions: deduplication by id', () => {
  it('stores a retried id once when the retry carries a timestamp in another month', async () => {
    const t = await tenant();
    expect((await ingest(t.key, [view('r1', Date.UTC(2025, 0, 15))])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await ingest(t.key, [view('r1', Date.UTC(2025, 2, 15)), view('r2')])).body).toMatchObject({ accepted: 1, duplicates: 1 });
    const rows = await copies(t.workspaceId, 'r1');
    expect(rows.map((r) => r.timestamp.toISOString())).toEqual(['2025-01-15T00:00:00.000Z']);
  });

  it('stores a retried id once when the first copy sits in another partition', async () => {
    const t = await tenant();
    await ingest(t.key, [view('moved')]);
    // The first copy moves to next month's partition (as if the retry came a month later): the
    // table's own key (workspaceId, id, receivedAt) would let the retry in; EventId must not.
    const next = new Date(monthStart(new Date(), 1).getTime() + DAY);
    await db().$executeRaw`UPDATE "Event" SET "receivedAt" = ${next} WHERE "workspaceId" = ${t.workspaceId} AND "id" = 'moved'`;
    const nextPartition = await partitionOf(next);
    expect(nextPartition).toMatch(/^Event_p\d{4}_\d{2}$/);
    expect((await copies(t.workspaceId, 'moved')).map((r) => r.partition)).toEqual([`"${nextPartition}"`]);
    expect((await ingest(t.key, [view('moved')])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await copies(t.workspaceId, 'moved')).toHaveLength(1);
  });

  it('keeps deduplicating within EVENT_DEDUPE_DAYS and stores a retry again once its id was pruned', async () => {
    const t = await tenant();
    const other = await tenant();
    await ingest(t.key, [view('late')]);
    await ingest(other.key, [view('late')]);
    // Pruning as of 6 days on keeps the ids (window 7 days)...
    await pruneEventIds({ now: new Date(Date.now() + 6 * DAY) });
    expect((await ingest(t.key, [view('late')])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    // ...as of 8 days on drops them: the retry is stored a second time (the documented bound).
    expect(await pruneEventIds({ now: new Date(Date.now() + 8 * DAY) })).toBeGreaterThanOrEqual(2);
    expect(await db().eventId.count({ where: { workspaceId: { in: [t.workspaceId, other.workspaceId] } } })).toBe(0);
    expect((await ingest(t.key, [view('late')])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await copies(t.workspaceId, 'late')).toHaveLength(2);
    expect(await copies(other.workspaceId, 'late')).toHaveLength(1);
  });

  it('concurrent retries of one batch store it once', async () => {
    const t = await tenant();
    const batch = Array.from({ length: 200 }, (_, i) => view(`c${i}`, Date.UTC(2024, i % 12, 1)));
    const results = await Promise.all(Array.from({ length: 5 }, () => ingest(t.key, batch)));
    expect(results.reduce((s, r) => s + r.body.accepted, 0)).toBe(200);
    expect(await db().event.count({ where: { workspaceId: t.workspaceId } })).toBe(200);
  });
});

describe('Event partitions: timestamps far from now', () => {
  it('stores an event from 1995 in the partition of its arrival, and refuses one more than 24 h ahead', async () => {
    const t = await tenant();
    const { status, body } = await ingest(t.key, [view('old', '1995-06-01T00:00:00Z'), view('ahead', Date.now() + 3 * DAY)]);
    expect(status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([expect.objectContaining({ index: 1, code: 'validation_failed', message: expect.stringMatching(/24 hours in the future/) })]);
    const [row] = await copies(t.workspaceId, 'old');
    expect(row!.timestamp.toISOString()).toBe('1995-06-01T00:00:00.000Z');
    expect(row!.partition).toBe(`"${await partitionOf(row!.receivedAt)}"`);
  });
});

describe('Event partitions: created ahead', () => {
  it('the migration left the current month and three ahead covered, and a default partition', async () => {
    const now = new Date();
    for (let i = 0; i <= 3; i++) expect(await partitionOf(new Date(monthStart(now, i).getTime() + DAY))).toBeDefined();
    expect((await listEventPartitions()).filter((p) => p.isDefault).map((p) => p.name)).toEqual(['Event_default']);
  });

  it('the real worker recreates a missing partition ahead when its job runs', async () => {
    const month = monthStart(new Date(), 3);
    const name = `Event_p${month.toISOString().slice(0, 7).replace('-', '_')}`;
    await db().$executeRawUnsafe(`DROP TABLE "${name}"`);
    expect(await partitionOf(month)).toBeUndefined();
    const worker = await startWorkerProcess({ databaseUrl: testDb.url });
    try {
      await db().$transaction((tx) => enqueue(tx, maintainEventPartitionsJob, {}));
      const deadline = Date.now() + 60_000;
      while (!worker.output().includes('maintained event partitions') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(worker.output()).toContain('maintained event partitions');
      expect(await partitionOf(month)).toBe(name);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('rows that landed in the default partition move into the month when it is created', async () => {
    const t = await tenant();
    const at = new Date(Date.UTC(2031, 5, 10));
    await db().$executeRaw`
      INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "timestamp", "receivedAt")
      VALUES (${t.workspaceId}, 'stray', 'view', 'u1', ${at}, ${at})`;
    expect((await copies(t.workspaceId, 'stray')).map((r) => r.partition)).toEqual(['"Event_default"']);
    const created = await ensureEventPartitions({ now: new Date(Date.UTC(2031, 5, 1)) });
    expect(created).toEqual(['Event_p2031_06', 'Event_p2031_07', 'Event_p2031_08', 'Event_p2031_09']);
    expect((await copies(t.workspaceId, 'stray')).map((r) => r.partition)).toEqual(['"Event_p2031_06"']);
    // Idempotent.
    expect(await ensureEventPartitions({ now: new Date(Date.UTC(2031, 5, 1)) })).toEqual([]);
  });
});

describe('Event partitions: retention per plan', () => {
  // Runs last in this file: it drops every partition older than the longest retention as of 2033.
  it('drops partitions past the longest plan and deletes only shorter plans’ older rows, tenant by tenant', async () => {
    await ensureEventPartitions({ now: new Date(Date.UTC(2031, 0, 1)) });
    await ensureEventPartitions({ now: new Date(Date.UTC(2032, 5, 1)) });
    await ensureEventPartitions({ now: new Date(Date.UTC(2032, 11, 1)) });
    const free = await tenant('free');
    const pro = await tenant('pro');
    const scale = await tenant('scale');
    const now = new Date(Date.UTC(2033, 1, 1));
    // Received: 2031-01-10 (> 730 days before now), 2032-06-10 (236 days), 2032-12-10 (53 days).
    const times = { old: Date.UTC(2031, 0, 10), mid: Date.UTC(2032, 5, 10), recent: Date.UTC(2032, 11, 10) };
    for (const w of [free, pro, scale]) {
      for (const [id, ms] of Object.entries(times)) {
        const at = new Date(ms);
        await db().$executeRaw`
          INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "timestamp", "receivedAt")
          VALUES (${w.workspaceId}, ${id}, 'view', 'u1', ${at}, ${at})`;
      }
    }
    const before = await listEventPartitions();
    const result = await applyEventRetention({ now, batch: 1 });
    // Every partition whose range ended 730 days before now is gone (history, 2026-2031-01 months).
    const cut = new Date(now.getTime() - 730 * DAY);
    expect(result.droppedPartitions.sort()).toEqual(before.filter((p) => !p.isDefault && p.to! <= cut).map((p) => p.name).sort());
    expect(result.droppedPartitions).toContain('Event_history');
    expect(result.droppedPartitions).toContain('Event_p2031_01');
    const left = await listEventPartitions();
    expect(left.some((p) => p.name === 'Event_p2032_06')).toBe(true);
    const ids = async (w: { workspaceId: string }) =>
      (await db().event.findMany({ where: { workspaceId: w.workspaceId }, select: { id: true }, orderBy: { id: 'asc' } })).map((e) => e.id);
    expect(await ids(scale)).toEqual(['mid', 'recent']); // 730 days: only the dropped partition's row went
    expect(await ids(pro)).toEqual(['mid', 'recent']); // 365 days
    expect(await ids(free)).toEqual(['recent']); // 90 days
    const mine = new Set([free.workspaceId, pro.workspaceId, scale.workspaceId]);
    expect(result.deleted.filter((d) => mine.has(d.workspaceId))).toEqual([{ workspaceId: free.workspaceId, plan: 'free', events: 1 }]);
  });
});
