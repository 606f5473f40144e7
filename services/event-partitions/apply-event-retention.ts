import { db } from '@/services/db/client';
import { PLANS, planOf } from '@/services/billing/plans';
import { listEventPartitions } from './list-event-partitions';

const DAY_MS = 24 * 3600 * 1000;

export interface EventRetentionResult {
  /** Partitions dropped: every row in them was received before the longest plan's retention. */
  droppedPartitions: string[];
  /** Rows deleted from workspaces whose plan keeps events for less than the longest plan. */
  deleted: { workspaceId: string; plan: string; events: number }[];
}

/**
 * Each plan's event retention (plans.ts, eventRetentionDays, counted from receivedAt) over
 * partitions that every tenant shares:
 *  1. a partition whose whole range is older than the longest plan's retention is dropped: one
 *     catalog operation, no dead rows for vacuum;
 *  2. workspaces on plans with a shorter retention lose their older rows in batches of `batch`, each
 *     its own short statement (ingestion never waits long on locks), workspace by workspace.
 * A workspace's plan is read when the run starts: after a downgrade, the shorter window applies at
 * the next run.
 */
export async function applyEventRetention(opts: { now?: Date; batch?: number } = {}): Promise<EventRetentionResult> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 5000;
  const longest = Math.max(...Object.values(PLANS).map((p) => p.eventRetentionDays));
  const dropBefore = new Date(now.getTime() - longest * DAY_MS);

  const droppedPartitions: string[] = [];
  for (const p of await listEventPartitions()) {
    if (p.isDefault || p.to === null || p.to > dropBefore) continue;
    // DROP takes an exclusive lock on "Event": bounded, so queries never queue long behind it; a
    // partition that could not be dropped now is dropped by the next run.
    const dropped = await db()
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '3s'`);
        await tx.$executeRawUnsafe(`DROP TABLE "${p.name}"`);
      })
      .then(() => true, () => false);
    if (dropped) droppedPartitions.push(p.name);
  }

  const deleted: EventRetentionResult['deleted'] = [];
  // Tenant by tenant: the maintenance job spans workspaces, but every statement names one.
  const workspaces = await db().workspace.findMany({ select: { id: true, plan: true }, orderBy: { id: 'asc' } });
  for (const w of workspaces) {
    const days = planOf(w.plan).eventRetentionDays;
    if (days >= longest) continue;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let events = 0;
    for (;;) {
      const n = await db().$executeRaw`
        DELETE FROM "Event" e USING (
          SELECT "id", "receivedAt" FROM "Event"
          WHERE "workspaceId" = ${w.id} AND "receivedAt" < ${cutoff} LIMIT ${batch}) old
        WHERE e."workspaceId" = ${w.id} AND e."receivedAt" < ${cutoff} AND e."id" = old."id" AND e."receivedAt" = old."receivedAt"`;
      events += n;
      if (n < batch) break;
    }
    if (events > 0) deleted.push({ workspaceId: w.id, plan: w.plan, events });
  }
  return { droppedPartitions, deleted };
}
