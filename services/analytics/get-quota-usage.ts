import { dbRead } from '@/services/db/client';
import { planOf } from '@/services/billing/plans';
import { currentPeriod, METERS, type Meter } from '@/services/metering/meters';

export interface MeterQuotaUsage {
  meter: Meter;
  used: number;
  /** Units included in the plan this period. */
  quota: number;
  /** Units used so far in the period, at the end of each UTC day (cumulative), every day of it; 0 for days still to come. */
  cumulative: { day: string; value: number }[];
}

/**
 * Each meter's usage this billing period against the plan's included units: one series per meter
 * (unlike meters are never added up), cumulative per day so it can be drawn against the quota
 * line. One statement: the period's UTC days from generate_series (a subscription's period may
 * start mid-day) crossed with the meters, the ledger summed per day and meter, and a running sum
 * per meter.
 */
export async function getQuotaUsage(workspaceId: string, plan: string, period = currentPeriod(), now = new Date()): Promise<MeterQuotaUsage[]> {
  const rows = await dbRead().$queryRaw<{ day: Date; meter: string; total: bigint }[]>`
    WITH daily AS (
      SELECT date_trunc('day', "occurredAt") AS day, "meter", SUM("quantity")::bigint AS q
      FROM "UsageRecord"
      WHERE "workspaceId" = ${workspaceId} AND "occurredAt" >= ${period.start} AND "occurredAt" < ${period.end}
      GROUP BY 1, 2
    )
    SELECT d.day, m.meter,
           CASE WHEN d.day <= ${now}::timestamp
                THEN (SUM(coalesce(daily.q, 0)) OVER (PARTITION BY m.meter ORDER BY d.day))::bigint ELSE 0 END AS total
    FROM generate_series(date_trunc('day', ${period.start}::timestamp), date_trunc('day', ${period.end}::timestamp - interval '1 millisecond'), interval '1 day') AS d(day)
    CROSS JOIN unnest(${[...METERS]}::text[]) AS m(meter)
    LEFT JOIN daily ON daily.day = d.day AND daily."meter" = m.meter
    ORDER BY m.meter, d.day`;
  const included = planOf(plan).included;
  return METERS.map((meter) => {
    const cumulative = rows.filter((r) => r.meter === meter).map((r) => ({ day: r.day.toISOString().slice(0, 10), value: Number(r.total) }));
    return { meter, used: Math.max(0, ...cumulative.map((d) => d.value)), quota: included[meter], cumulative };
  });
}
