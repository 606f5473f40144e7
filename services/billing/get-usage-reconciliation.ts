import { db } from '@/services/db/client';
import { METERS, type Meter } from '@/services/metering/meters';

export interface ReconciliationRow {
  meter: Meter;
  /** Units in the metering ledger for the period. */
  ledger: number;
  /** Units Stripe accepted (outbox rows marked sent). */
  reported: number;
  /** Units claimed into the outbox, not yet accepted by Stripe (retried every run). */
  pending: number;
  /** Units not yet claimed (recorded since the last run, or no Stripe customer yet). */
  unclaimed: number;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  /** Oldest outbox row still waiting for Stripe, and the last error it got. */
  oldestPending: { createdAt: Date; attempts: number; lastError: string | null } | null;
  lastSentAt: Date | null;
}

/**
 * Local against reported totals per meter for a period, by the occurrence time of each ledger
 * record: ledger = reported + pending + unclaimed always holds; when nothing is pending or
 * unclaimed, Stripe holds exactly the ledger.
 */
export async function getUsageReconciliation(workspaceId: string, period: { start: Date; end: Date }): Promise<Reconciliation> {
  const rows = await db().$queryRaw<{ meter: string; ledger: bigint; reported: bigint; pending: bigint; unclaimed: bigint }[]>`
    SELECT u."meter",
      SUM(u."quantity")::bigint AS ledger,
      COALESCE(SUM(u."quantity") FILTER (WHERE r."sentAt" IS NOT NULL), 0)::bigint AS reported,
      COALESCE(SUM(u."quantity") FILTER (WHERE u."reportId" IS NOT NULL AND r."sentAt" IS NULL), 0)::bigint AS pending,
      COALESCE(SUM(u."quantity") FILTER (WHERE u."reportId" IS NULL), 0)::bigint AS unclaimed
    FROM "UsageRecord" u
    LEFT JOIN "UsageReport" r ON r."workspaceId" = u."workspaceId" AND r."id" = u."reportId"
    WHERE u."workspaceId" = ${workspaceId} AND u."occurredAt" >= ${period.start} AND u."occurredAt" < ${period.end}
    GROUP BY u."meter"`;
  const byMeter = new Map(rows.map((r) => [r.meter, r]));
  const [oldest, last] = await Promise.all([
    db().usageReport.findFirst({ where: { workspaceId, sentAt: null }, orderBy: { createdAt: 'asc' }, select: { createdAt: true, attempts: true, lastError: true } }),
    db().usageReport.findFirst({ where: { workspaceId, sentAt: { not: null } }, orderBy: { sentAt: 'desc' }, select: { sentAt: true } }),
  ]);
  return {
    rows: METERS.map((meter) => {
      const r = byMeter.get(meter);
      return { meter, ledger: Number(r?.ledger ?? 0), reported: Number(r?.reported ?? 0), pending: Number(r?.pending ?? 0), unclaimed: Number(r?.unclaimed ?? 0) };
    }),
    oldestPending: oldest,
    lastSentAt: last?.sentAt ?? null,
  };
}
