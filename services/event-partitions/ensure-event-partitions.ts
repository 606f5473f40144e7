import { db } from '@/services/db/client';
import { listEventPartitions } from './list-event-partitions';

/** How many months past the current one have a partition (the job runs daily: weeks of slack). */
export const EVENT_PARTITION_MONTHS_AHEAD = 3;

const monthStart = (now: Date, plus: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + plus, 1));
const literal = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const nameOf = (from: Date) => `Event_p${from.toISOString().slice(0, 7).replace('-', '_')}`;

/**
 * Creates the monthly partitions of "Event" from the current month (UTC) to
 * EVENT_PARTITION_MONTHS_AHEAD months ahead that do not exist yet; returns their names.
 *
 * Each is created as a plain table and then attached: ATTACH takes only a SHARE UPDATE EXCLUSIVE
 * lock on "Event", which neither ingestion nor reads wait for (CREATE TABLE ... PARTITION OF would
 * take an exclusive one). It does take the default partition exclusively, so rows that landed there
 * while the worker was behind can move into the new month first; lock_timeout bounds how long
 * queries queue behind that lock when a long read holds the default partition (the next run retries).
 */
export async function ensureEventPartitions(opts: { now?: Date; monthsAhead?: number } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const ahead = opts.monthsAhead ?? EVENT_PARTITION_MONTHS_AHEAD;
  const existing = await listEventPartitions();
  const defaultPartition = existing.find((p) => p.isDefault);
  const created: string[] = [];
  for (let i = 0; i <= ahead; i++) {
    const from = monthStart(now, i);
    const to = monthStart(now, i + 1);
    const covered = existing.some(
      (p) => !p.isDefault && (p.from === null || p.from < to) && (p.to === null || p.to > from),
    );
    if (covered) continue;
    const name = nameOf(from);
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '3s'`);
      if (defaultPartition) await tx.$executeRawUnsafe(`LOCK TABLE "${defaultPartition.name}" IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`CREATE TABLE "${name}" (LIKE "Event" INCLUDING DEFAULTS)`);
      if (defaultPartition) {
        await tx.$executeRawUnsafe(
          `WITH moved AS (DELETE FROM "${defaultPartition.name}" WHERE "receivedAt" >= '${literal(from)}' AND "receivedAt" < '${literal(to)}' RETURNING *)
           INSERT INTO "${name}" SELECT * FROM moved`,
        );
      }
      await tx.$executeRawUnsafe(`ALTER TABLE "Event" ATTACH PARTITION "${name}" FOR VALUES FROM ('${literal(from)}') TO ('${literal(to)}')`);
    }, { timeout: 60_000 });
    created.push(name);
  }
  return created;
}
