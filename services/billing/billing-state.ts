// What the api needs to enforce a workspace's plan without a database round trip per request:
// its plan and, for capped plans (Free), the usage of the period per meter. Cached per process,
// refreshed in the background (at most QUOTA_CACHE_TTL_MS old), and dropped at once when billing
// changes (NOTIFY from the webhook's transaction, see billing-change-listener.ts). Units let
// through between refreshes are counted locally, so a burst cannot run past the cap until the
// next refresh; the ledger stays the truth.
import { LRUCache } from 'lru-cache';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
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
  return { plan: planOf(rows[0]?.plan ?? 'free'), used };
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

/** Reserves units for a request; returns false (reserving nothing) when they would pass the cap. */
export function reserveUnits(state: BillingState, meter: Meter, units: number): boolean {
  if (state.plan.hardCap && usedUnits(state, meter) + units > state.plan.included[meter]) return false;
  state.pending[meter] += units;
  return true;
}

/** Ends a reservation: counted when the request succeeded, released when it failed. */
export function settleUnits(state: BillingState, meter: Meter, units: number, succeeded: boolean) {
  state.pending[meter] -= units;
  if (succeeded) {
    state.counted[meter] += units;
    if (state.finishedDuringRefresh) state.finishedDuringRefresh[meter] += units;
  }
}

/** Units used so far this period as this process knows them (ledger + local). */
export const usedUnits = (state: BillingState, meter: Meter) => state.used[meter] + state.counted[meter] + state.pending[meter];

/** Forgets a workspace (its plan changed): the next request reads it afresh. */
export function invalidateBillingState(workspaceId?: string) {
  if (workspaceId === undefined) getCache().clear();
  else getCache().delete(workspaceId);
}
