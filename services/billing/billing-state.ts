// What the api needs to enforce a workspace's plan: its plan and, for capped plans (Free), the
// usage of the period per meter. Cached per process, refreshed in the background (at most
// QUOTA_CACHE_TTL_MS old), and dropped at once when billing changes (NOTIFY from the webhook's
// transaction, see billing-change-listener.ts). Paid plans decide every request from the cache.
// Capped plans reserve each request's units in PostgreSQL (QuotaCounter, one row per workspace,
// meter and period, shared by every api process): one conditional UPDATE admits them only while
// the cap holds, so several processes together stop exactly at it. The ledger stays the truth
// for billing; the counter starts from it and is raised to it when usage bypassed the api.
import { LRUCache } from 'lru-cache';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { commitPool } from '@/services/db/commit-pool';
import { defineStatement, run } from '@/services/db/hot-sql';
import { currentPeriod, METERS, type Meter } from '@/services/metering/meters';
import { PAID_PLAN_IDS, planOf, type Plan } from './plans';

export interface BillingState {
  workspaceId: string;
  plan: Plan;
  /** Capped plans: units of the period per meter in the ledger when last read (else zeros). */
  used: Record<Meter, number>;
  /** Units of requests that finished (2xx/3xx) in this process since `used` was read. */
  counted: Record<Meter, number>;
  /** Units reserved by requests still running. */
  pending: Record<Meter, number>;
  /** End of the quota period (the calendar month, UTC). */
  periodEnd: Date;
  fetchedAt: number;
  /** While a refresh runs: units finished since it started (they may be missing from its read). */
  finishedDuringRefresh?: Record<Meter, number>;
  refreshing?: Promise<BillingState>;
}

const zeros = () => Object.fromEntries(METERS.map((m) => [m, 0])) as Record<Meter, number>;
let cache: LRUCache<string, BillingState> | undefined;
const getCache = () => (cache ??= new LRUCache<string, BillingState>({ max: 100_000 }));

async function read(workspaceId: string, period: { start: Date; end: Date }) {
  // One round trip: the plan, and the period's usage only for capped plans (paid plans' usage is
  // not needed to decide a request, and summing it would cost more as they grow).
  const rows = await db().$queryRaw<{ plan: string; used: Record<string, string | number> | null }[]>`
    SELECT w."plan",
      CASE WHEN w."plan" = ANY(${[...PAID_PLAN_IDS]}::text[]) THEN NULL ELSE (
        SELECT COALESCE(json_object_agg(s."meter", s."quantity"), '{}'::json) FROM (
          SELECT "meter", SUM("quantity")::bigint AS "quantity" FROM "UsageRecord"
          WHERE "workspaceId" = w."id" AND "occurredAt" >= ${period.start} AND "occurredAt" < ${period.end}
          GROUP BY "meter") s) END AS "used"
    FROM "Workspace" w WHERE w."id" = ${workspaceId}`;
  const used = zeros();
  for (const [meter, q] of Object.entries(rows[0]?.used ?? {})) if (meter in used) used[meter as Meter] = Number(q);
  const plan = planOf(rows[0]?.plan ?? 'free');
  // Usage recorded outside the api (imports, the demo seed) raises the shared counter to the ledger.
  if (plan.hardCap) {
    await db().$executeRaw`
      UPDATE "QuotaCounter" q SET "used" = u."ledger"
      FROM unnest(${[...METERS]}::text[], ${METERS.map((m) => used[m])}::int[]) AS u("meter", "ledger")
      WHERE q."workspaceId" = ${workspaceId} AND q."meter" = u."meter"
        AND q."periodStart" = timestamp '1970-01-01' + ${period.start.getTime()}::float8 * interval '1 millisecond'
        AND q."used" < u."ledger"`;
  }
  return { plan, used };
}

function refresh(entry: BillingState): Promise<BillingState> {
  if (entry.refreshing) return entry.refreshing;
  const period = currentPeriod();
  entry.finishedDuringRefresh = zeros();
  entry.refreshing = read(entry.workspaceId, period)
    .then(({ plan, used }) => {
      entry.plan = plan;
      entry.used = used;
      entry.counted = entry.finishedDuringRefresh ?? zeros();
      entry.periodEnd = period.end;
      entry.fetchedAt = Date.now();
      return entry;
    })
    .finally(() => {
      entry.refreshing = undefined;
      entry.finishedDuringRefresh = undefined;
    });
  return entry.refreshing;
}

/**
 * The workspace's billing state. `planHint` (the plan the API key lookup saw) lets a paid
 * workspace's first request go ahead while the state loads; a capped plan waits for its usage.
 */
export function billingState(workspaceId: string, planHint?: string): BillingState | Promise<BillingState> {
  const c = getCache();
  const now = Date.now();
  const ttl = env().QUOTA_CACHE_TTL_MS;
  let entry = c.get(workspaceId);
  if (!entry) {
    entry = { workspaceId, plan: planOf(planHint ?? 'free'), used: zeros(), counted: zeros(), pending: zeros(), periodEnd: new Date(0), fetchedAt: 0 };
    c.set(workspaceId, entry);
    const loading = refresh(entry);
    if (entry.plan.hardCap) return loading;
    loading.catch(() => undefined); // retried by the next request
    return entry;
  }
  const age = now - entry.fetchedAt;
  if (age >= ttl || now >= entry.periodEnd.getTime()) {
    // Expired: a capped plan must not decide on stale totals; a paid one may while it reloads.
    const loading = refresh(entry);
    if (entry.plan.hardCap) return loading;
    loading.catch(() => undefined);
    return entry;
  }
  if (age >= ttl / 2) void refresh(entry).catch(() => undefined);
  return entry;
}

// A period's row is keyed by its start, sent as epoch milliseconds (the column is UTC without zone).
const PERIOD = `timestamp '1970-01-01' + $3::float8 * interval '1 millisecond'`;
// Admits $4 units when the counter stays within the cap $5. `current` is the row as it was before
// (the same snapshot): null when the period has no row yet.
const RESERVE = defineStatement<[string, string, number, number, number], { reserved: number | null; current: number | null }>(
  'cairn-quota-reserve',
  `WITH up AS (
     UPDATE "QuotaCounter" SET "used" = "used" + $4
     WHERE "workspaceId" = $1 AND "meter" = $2 AND "periodStart" = ${PERIOD} AND "used" + $4 <= $5
     RETURNING "used")
   SELECT (SELECT "used" FROM up) AS reserved,
          (SELECT "used" FROM "QuotaCounter" WHERE "workspaceId" = $1 AND "meter" = $2 AND "periodStart" = ${PERIOD}) AS current`,
);
// The period's first reservation: the counter starts from the ledger ($4: the period's end).
const CREATE = defineStatement<[string, string, number, number]>(
  'cairn-quota-create',
  `INSERT INTO "QuotaCounter" ("workspaceId", "meter", "periodStart", "used")
   SELECT $1, $2, ${PERIOD}, COALESCE(SUM("quantity"), 0) FROM "UsageRecord"
   WHERE "workspaceId" = $1 AND "meter" = $2 AND "occurredAt" >= ${PERIOD}
     AND "occurredAt" < timestamp '1970-01-01' + $4::float8 * interval '1 millisecond'
   ON CONFLICT DO NOTHING`,
);
const RELEASE = defineStatement<[string, string, number, number]>(
  'cairn-quota-release',
  `UPDATE "QuotaCounter" SET "used" = greatest(0, "used" - $4) WHERE "workspaceId" = $1 AND "meter" = $2 AND "periodStart" = ${PERIOD}`,
);

/** Units a request holds: what settleUnits gives back, in the period they were taken from. */
export interface QuotaHold {
  meter: Meter;
  units: number;
  /** Capped plans: the counter's period (epoch ms); null when nothing was reserved in PostgreSQL. */
  periodStart: number | null;
}

/**
 * Reserves units for a request. Capped plans: in the shared counter (one round trip; two at a
 * period's first request), refused (`hold: null`, reserving nothing) when they would pass the
 * cap, with the units the counter holds. Paid plans: in this process only (no cap to enforce).
 */
export async function reserveUnits(state: BillingState, meter: Meter, units: number): Promise<{ hold: QuotaHold | null; used: number }> {
  if (!state.plan.hardCap) {
    state.pending[meter] += units;
    return { hold: { meter, units, periodStart: null }, used: usedUnits(state, meter) };
  }
  const period = currentPeriod();
  const cap = state.plan.included[meter];
  const params: [string, string, number, number, number] = [state.workspaceId, meter, period.start.getTime(), units, cap];
  let { rows: [row] } = await run(commitPool(), RESERVE, params);
  if (row?.reserved == null && row?.current == null) {
    await run(commitPool(), CREATE, [state.workspaceId, meter, period.start.getTime(), period.end.getTime()]);
    ({ rows: [row] } = await run(commitPool(), RESERVE, params));
  }
  if (row?.reserved == null) return { hold: null, used: Number(row?.current ?? cap) };
  state.pending[meter] += units;
  return { hold: { meter, units, periodStart: period.start.getTime() }, used: Number(row.reserved) };
}

/**
 * Ends a reservation: counted when the request succeeded, released when it failed. `used` (when
 * the handler knows it) is what the request consumed of its hold, e.g. a batch of events less its
 * duplicates; the rest goes back to the shared counter.
 */
export async function settleUnits(state: BillingState, hold: QuotaHold, succeeded: boolean, used?: number): Promise<void> {
  const { meter, units } = hold;
  const consumed = Math.min(units, Math.max(0, used ?? (succeeded ? units : 0)));
  state.pending[meter] -= units;
  state.counted[meter] += consumed;
  if (state.finishedDuringRefresh) state.finishedDuringRefresh[meter] += consumed;
  if (hold.periodStart !== null && consumed < units) {
    await run(commitPool(), RELEASE, [state.workspaceId, meter, hold.periodStart, units - consumed]);
  }
}

/** Units used so far this period as this process knows them (ledger + local). */
export const usedUnits = (state: BillingState, meter: Meter) => state.used[meter] + state.counted[meter] + state.pending[meter];

/** Forgets a workspace (its plan changed): the next request reads it afresh. */
export function invalidateBillingState(workspaceId?: string) {
  if (workspaceId === undefined) getCache().clear();
  else getCache().delete(workspaceId);
}
