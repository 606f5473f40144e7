import { db } from '@/services/db/client';
import { currentPeriod, METERS, type Meter } from './meters';

export interface UsageSummary {
  period: { start: Date; end: Date };
  meters: Record<Meter, number>;
  /** Units per UTC day and meter over the period, for the usage chart. */
  daily: { day: string; meter: Meter; quantity: number }[];
}

export async function getUsageSummary(workspaceId: string, period = currentPeriod()): Promise<UsageSummary> {
  const rows = await db().$queryRaw<{ day: Date; meter: string; quantity: bigint }[]>`
    SELECT date_trunc('day', "occurredAt") AS day, meter, SUM(quantity)::bigint AS quantity
    FROM "UsageRecord"
    WHERE "workspaceId" = ${workspaceId} AND "occurredAt" >= ${period.start} AND "occurredAt" < ${period.end}
    GROUP BY 1, 2 ORDER BY 1`;
  const meters = Object.fromEntries(METERS.map((m) => [m, 0])) as Record<Meter, number>;
  const daily: UsageSummary['daily'] = [];
  for (const r of rows) {
    if (!(METERS as readonly string[]).includes(r.meter)) continue;
    const quantity = Number(r.quantity);
    meters[r.meter as Meter] += quantity;
    daily.push({ day: r.day.toISOString().slice(0, 10), meter: r.meter as Meter, quantity });
  }
  return { period, meters, daily };
}
