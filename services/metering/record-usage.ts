import type pg from 'pg';
import type { Tx } from '@/services/db/client';
import { defineStatement, run } from '@/services/db/hot-sql';
import type { Meter } from './meters';
import { usageInsertFrom } from './usage-sql';

export interface UsageUnit {
  workspaceId: string;
  meter: Meter;
  quantity: number;
  /** Same key, same unit of work: recorded once however often the caller retries. */
  idempotencyKey?: string;
  occurredAt?: Date;
}

type Columns = [string[], string[], number[], (string | null)[], (string | null)[]];

// Units with an idempotency key are recorded once however often they are retried (unique index
// on workspaceId + idempotencyKey); the others never conflict.
export const RECORD_USAGE = defineStatement<Columns>(
  'cairn-record-usage',
  usageInsertFrom(`SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[])`),
);

/**
 * Records billable units in the caller's transaction, so the work and its usage commit together
 * (nothing billed that did not happen, nothing done that is not billed). The transaction is a
 * Prisma one or a hot-sql one (services/db/hot-sql.ts). Returns rows written.
 */
export async function recordUsage(tx: Tx | pg.PoolClient, units: UsageUnit | UsageUnit[]): Promise<number> {
  const rows = billableUnits(Array.isArray(units) ? units : [units]);
  if (rows.length === 0) return 0;
  const columns = usageColumns(rows);
  if ('$executeRawUnsafe' in tx) return tx.$executeRawUnsafe(RECORD_USAGE.text, ...columns);
  return (await run(tx, RECORD_USAGE, columns)).rowCount;
}

/** The units as the statement's parallel arrays; times as ISO strings (UTC, whatever the process's zone). */
export function usageColumns(rows: UsageUnit[]): Columns {
  return [
    rows.map((u) => u.workspaceId),
    rows.map((u) => u.meter),
    rows.map((u) => u.quantity),
    rows.map((u) => u.idempotencyKey ?? null),
    rows.map((u) => u.occurredAt?.toISOString() ?? null),
  ];
}

/** The units worth a row (quantity > 0); a quantity that is not an integer is a bug: throws. */
export function billableUnits(units: UsageUnit[]): UsageUnit[] {
  const rows = units.filter((u) => u.quantity > 0);
  for (const u of rows) {
    if (!Number.isSafeInteger(u.quantity)) throw new RangeError(`usage quantity must be an integer, got ${u.quantity}`);
  }
  return rows;
}
