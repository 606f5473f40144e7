import { db } from '@/services/db/client';

/** Stripe accepts meter events up to 35 days old; older unreported usage is left unclaimed (see the reconciliation view). */
export const REPORT_WINDOW_DAYS = 33;

/**
 * The first half of usage reporting: moves unreported ledger records of workspaces that have a
 * Stripe customer into the outbox, one UsageReport row per workspace, meter and UTC hour, and
 * marks each record with its report (UsageRecord.reportId), all in one statement: a crash leaves
 * either both or neither. Records of transactions still running are invisible and wait for the
 * next run; a concurrent claimer skips locked records, so no record lands in two reports. Each
 * report's Stripe identifier is fixed here, from its primary key. Returns what was claimed.
 */
export async function claimUsageReports(opts: { limit?: number; workspaceIds?: string[] } = {}): Promise<{ reports: number; records: number }> {
  const limit = opts.limit ?? 10_000;
  // null: every workspace with a Stripe customer; else only these (an operator reporting one workspace now).
  const only = opts.workspaceIds ?? null;
  const rows = await db().$queryRaw<{ reports: bigint; records: bigint }[]>`
    WITH picked AS (
      SELECT u."workspaceId", u."id", u."meter", u."quantity", u."occurredAt", b."stripeCustomerId",
             date_trunc('hour', u."occurredAt") AS bucket
      FROM "UsageRecord" u
      JOIN "BillingAccount" b ON b."workspaceId" = u."workspaceId"
      WHERE u."reportId" IS NULL AND u."quantity" > 0
        AND (${only}::text[] IS NULL OR b."workspaceId" = ANY(${only}::text[]))
        AND u."occurredAt" >= (now() AT TIME ZONE 'UTC') - make_interval(days => ${REPORT_WINDOW_DAYS})
      ORDER BY u."workspaceId", u."id"
      LIMIT ${limit}
      FOR UPDATE OF u SKIP LOCKED
    ), groups AS MATERIALIZED (
      SELECT "workspaceId", "meter", bucket, SUM("quantity")::bigint AS quantity, MAX("occurredAt") AS "occurredAt",
             MIN("stripeCustomerId") AS customer, nextval(pg_get_serial_sequence('"UsageReport"', 'id')) AS id
      FROM picked GROUP BY "workspaceId", "meter", bucket
    ), inserted AS (
      INSERT INTO "UsageReport" ("workspaceId", "id", "meter", "quantity", "occurredAt", "stripeCustomerId", "identifier")
      SELECT "workspaceId", id, "meter", quantity, "occurredAt", customer, 'cairn-' || "workspaceId" || '-' || id FROM groups
      RETURNING 1
    ), marked AS (
      UPDATE "UsageRecord" u SET "reportId" = g.id
      FROM picked p JOIN groups g ON g."workspaceId" = p."workspaceId" AND g."meter" = p."meter" AND g.bucket = p.bucket
      WHERE u."workspaceId" = p."workspaceId" AND u."id" = p."id"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted) AS reports, (SELECT count(*) FROM marked) AS records`;
  return { reports: Number(rows[0]?.reports ?? 0), records: Number(rows[0]?.records ?? 0) };
}
