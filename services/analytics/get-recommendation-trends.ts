import { dbRead } from '@/services/db/client';
import { rangeBounds } from './date-range';

export interface RecommendationDay {
  day: string;
  /** Recommendation requests served (RecServeStat). */
  requests: number;
  /** Items shown in those responses. */
  items: number;
  clicks: number;
  purchases: number;
  /** Sum of `value` of purchases carrying a recommId. */
  revenue: number;
}

export interface RecommendationTrends {
  days: RecommendationDay[];
  totals: Omit<RecommendationDay, 'day'>;
  /** clicks / requests served (null: nothing served), as on the recommendations page. */
  ctr: number | null;
  /** purchases / requests served (null: nothing served). */
  conversion: number | null;
}

/**
 * Recommendations served per UTC day over the last `days` days, and what they led to: click and
 * purchase events carrying a recommId (attribution), and the revenue of those purchases (their
 * `value`). One statement: every day of the window from generate_series, the served statistics
 * and the attributed events aggregated per day and joined on it; tenant-scoped throughout.
 */
export async function getRecommendationTrends(workspaceId: string, days: number, now = new Date()): Promise<RecommendationTrends> {
  const { start, end } = rangeBounds(days, now);
  const rows = await dbRead().$queryRaw<{ day: Date; requests: bigint; items: bigint; clicks: bigint; purchases: bigint; revenue: number | null }[]>`
    WITH served AS (
      SELECT "day"::timestamp AS day, SUM("requests")::bigint AS requests, SUM("items")::bigint AS items
      FROM "RecServeStat"
      WHERE "workspaceId" = ${workspaceId} AND "day" >= ${start}::date AND "day" < ${end}::date
      GROUP BY 1
    ), attributed AS (
      SELECT date_trunc('day', "timestamp") AS day,
             count(*) FILTER (WHERE "type" = 'click')::bigint AS clicks,
             count(*) FILTER (WHERE "type" = 'purchase')::bigint AS purchases,
             SUM("value") FILTER (WHERE "type" = 'purchase')::float8 AS revenue
      FROM "Event"
      WHERE "workspaceId" = ${workspaceId} AND "timestamp" >= ${start} AND "timestamp" < ${end}
        AND "recommId" IS NOT NULL AND "type" IN ('click', 'purchase')
      GROUP BY 1
    )
    SELECT d.day, coalesce(s.requests, 0) AS requests, coalesce(s.items, 0) AS items,
           coalesce(a.clicks, 0) AS clicks, coalesce(a.purchases, 0) AS purchases, coalesce(a.revenue, 0) AS revenue
    FROM generate_series(${start}::timestamp, ${end}::timestamp - interval '1 day', interval '1 day') AS d(day)
    LEFT JOIN served s ON s.day = d.day
    LEFT JOIN attributed a ON a.day = d.day
    ORDER BY d.day`;
  const out = rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    requests: Number(r.requests),
    items: Number(r.items),
    clicks: Number(r.clicks),
    purchases: Number(r.purchases),
    revenue: Number(r.revenue ?? 0),
  }));
  const totals = { requests: 0, items: 0, clicks: 0, purchases: 0, revenue: 0 };
  for (const d of out) {
    totals.requests += d.requests;
    totals.items += d.items;
    totals.clicks += d.clicks;
    totals.purchases += d.purchases;
    totals.revenue += d.revenue;
  }
  return {
    days: out,
    totals,
    ctr: totals.requests ? totals.clicks / totals.requests : null,
    conversion: totals.requests ? totals.purchases / totals.requests : null,
  };
}
