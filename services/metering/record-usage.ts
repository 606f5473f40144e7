import type { Tx } from '@/services/db/client';
import type { Meter } from './meters';

export interface UsageUnit {
  workspaceId: string;
  meter: Meter;
  quantity: number;
  /** Same key, same unit of work: recorded once however often the caller retries. */
  idempotencyKey?: string;
  occurredAt?: Date;
}

/**
 * Records billable units in the caller's transaction, so the work and its usage commit together
 * (nothing billed that did not happen, nothing done that is not billed). Returns rows written.
 */
export async function recordUsage(tx: Tx, units: UsageUnit | UsageUnit[]): Promise<number> {
  const rows = billableUnits(Array.isArray(units) ? units : [units]);
  if (rows.length === 0) return 0;
  const { count } = await tx.usageRecord.createMany({
    data: rows.map((u) => ({
      workspaceId: u.workspaceId,
      meter: u.meter,
      quantity: u.quantity,
      idempotencyKey: u.idempotencyKey ?? null,
      ...(u.occurredAt ? { occurredAt: u.occurredAt } : {}),
    })),
    skipDuplicates: true,
  });
  return count;
}

/** The units worth a row (quantity > 0); a quantity that is not an integer is a bug: throws. */
export function billableUnits(units: UsageUnit[]): UsageUnit[] {
  const rows = units.filter((u) => u.quantity > 0);
  for (const u of rows) {
    if (!Number.isSafeInteger(u.quantity)) throw new RangeError(`usage quantity must be an integer, got ${u.quantity}`);
  }
  return rows;
}
