import { env } from '@/services/config/env';
import { db } from '@/services/db/client';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes the EventId rows (deduplication by event id) received more than EVENT_DEDUPE_DAYS ago,
 * in batches of `batch`; returns how many. A retry of such an id is stored again: that window is
 * the guarantee docs/operations.md states. The table spans tenants: this runs over all of them,
 * by the receivedAt index, in short statements.
 */
export async function pruneEventIds(opts: { now?: Date; days?: number; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? env().EVENT_DEDUPE_DAYS;
  const batch = opts.batch ?? 10_000;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  let total = 0;
  for (;;) {
    const n = await db().$executeRaw`
      DELETE FROM "EventId" WHERE ("workspaceId", "id") IN (
        SELECT "workspaceId", "id" FROM "EventId" WHERE "receivedAt" < ${cutoff} LIMIT ${batch})`;
    total += n;
    if (n < batch) return total;
  }
}
