import type { Meter } from './meters';

// The only SQL that appends to the usage ledger. `select` yields the rows as (workspaceId text,
// meter text, quantity int, idempotencyKey text, occurredAt timestamptz): from parameter arrays
// (recordUsage, recordUsageSoon) or from the rows a writer's own statement just stored (chat's
// message, served recommendations), so work and usage commit in one statement. A given time is
// stored as UTC, as Prisma writes it; none means the statement's time, as the column default.
export function usageInsertFrom(select: string): string {
  return `INSERT INTO "UsageRecord" ("workspaceId", "meter", "quantity", "idempotencyKey", "occurredAt")
  SELECT w, m, q, k, coalesce(o AT TIME ZONE 'UTC', localtimestamp) FROM (${select}) AS u(w, m, q, k, o)
  ON CONFLICT DO NOTHING`;
}

/** A meter as an SQL literal, for a `select` of one meter; typed, so a misspelt meter does not compile. */
export function meterLiteral(meter: Meter): string {
  return `'${meter}'::text`;
}
