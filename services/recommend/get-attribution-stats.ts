import { dbRead } from '@/services/db/client';
import { ENDPOINT_OF_CODE } from './recomm-id';

export interface AttributionRow {
  version: number;
  endpoint: string;
  requests: number;
  impressions: number;
  clicks: number;
  addToCarts: number;
  purchases: number;
  /** clicks / requests served */
  ctr: number;
  /** purchases / requests served */
  conversion: number;
}

/**
 * CTR and conversion per model version and endpoint over the last `days` days: requests served
 * (RecServeStat) against click, add_to_cart and purchase events carrying a recommId of that
 * version and endpoint (the recommId encodes both: `rec_<version>_<endpoint>_<random>`).
 */
export async function getAttributionStats(workspaceId: string, days = 30): Promise<AttributionRow[]> {
  const since = new Date(Date.now() - days * 86_400_000);
  const [served, events] = await Promise.all([
    dbRead().$queryRaw<{ version: number; endpoint: string; requests: bigint; items: bigint }[]>`
      SELECT "version", "endpoint", SUM("requests")::bigint AS requests, SUM("items")::bigint AS items
      FROM "RecServeStat" WHERE "workspaceId" = ${workspaceId} AND "day" >= ${since}::date
      GROUP BY 1, 2`,
    dbRead().$queryRaw<{ version: number; code: string; type: string; n: bigint }[]>`
      SELECT split_part("recommId", '_', 2)::int AS version, split_part("recommId", '_', 3) AS code, "type", count(*)::bigint AS n
      FROM "Event"
      WHERE "workspaceId" = ${workspaceId} AND "timestamp" >= ${since}
        AND "recommId" ~ '^rec_[0-9]{1,9}_[usip]_' AND "type" IN ('click', 'add_to_cart', 'purchase')
      GROUP BY 1, 2, 3`,
  ]);
  const rows = new Map<string, AttributionRow>();
  const row = (version: number, endpoint: string) => {
    const key = `${version}\u0000${endpoint}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { version, endpoint, requests: 0, impressions: 0, clicks: 0, addToCarts: 0, purchases: 0, ctr: 0, conversion: 0 }));
    return r;
  };
  for (const s of served) {
    const r = row(s.version, s.endpoint);
    r.requests += Number(s.requests);
    r.impressions += Number(s.items);
  }
  for (const e of events) {
    const endpoint = ENDPOINT_OF_CODE[e.code];
    if (!endpoint) continue;
    const r = row(e.version, endpoint);
    if (e.type === 'click') r.clicks += Number(e.n);
    else if (e.type === 'purchase') r.purchases += Number(e.n);
    else r.addToCarts += Number(e.n);
  }
  for (const r of rows.values()) {
    r.ctr = r.requests > 0 ? r.clicks / r.requests : 0;
    r.conversion = r.requests > 0 ? r.purchases / r.requests : 0;
  }
  return [...rows.values()].sort((a, b) => b.version - a.version || (a.endpoint < b.endpoint ? -1 : 1));
}
