import { db } from '@/services/db/client';

const DAY_MS = 86_400_000;

export interface EventsPerDay {
  /** UTC days, oldest first, `days` of them ending today. */
  days: { day: string; counts: Record<string, number>; total: number }[];
  /** Event types seen in the window, most frequent first. */
  types: { type: string; count: number }[];
  total: number;
}

/**
 * Events per UTC day and type over the last `days` days (today included), by event time.
 * Filters are optional (the item and user pages reuse it). Read-only.
 */
export async function eventsPerDay(
  workspaceId: string,
  opts: { days?: number; now?: Date; userId?: string; itemId?: string } = {},
): Promise<EventsPerDay> {
  const days = Math.min(Math.max(opts.days ?? 30, 1), 366);
  const todayStart = Math.floor((opts.now ?? new Date()).getTime() / DAY_MS) * DAY_MS;
  const start = new Date(todayStart - (days - 1) * DAY_MS);
  const end = new Date(todayStart + DAY_MS);
  const rows = await db().$queryRaw<{ day: Date; type: string; count: bigint }[]>`
    SELECT date_trunc('day', "timestamp") AS day, "type", count(*) AS count
    FROM "Event"
    WHERE "workspaceId" = ${workspaceId} AND "timestamp" >= ${start} AND "timestamp" < ${end}
      AND (${opts.userId ?? null}::text IS NULL OR "userId" = ${opts.userId ?? null})
      AND (${opts.itemId ?? null}::text IS NULL OR "itemId" = ${opts.itemId ?? null})
    GROUP BY 1, 2`;
  const byDay = new Map<string, Record<string, number>>();
  const byType = new Map<string, number>();
  for (const r of rows) {
    const key = r.day.toISOString().slice(0, 10);
    const counts = byDay.get(key) ?? {};
    counts[r.type] = Number(r.count);
    byDay.set(key, counts);
    byType.set(r.type, (byType.get(r.type) ?? 0) + Number(r.count));
  }
  const out: EventsPerDay['days'] = [];
  for (let t = start.getTime(); t < end.getTime(); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const counts = byDay.get(day) ?? {};
    out.push({ day, counts, total: Object.values(counts).reduce((s, n) => s + n, 0) });
  }
  const types = [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { days: out, types, total: types.reduce((s, t) => s + t.count, 0) };
}
