import type pg from 'pg';
import { MicroBatcher } from '@/lib/micro-batcher';
import type { Tx } from '@/services/db/client';
import { commitPool } from '@/services/db/commit-pool';
import { defineStatement, run } from '@/services/db/hot-sql';
import type { Meter } from './meters';

// Metering's one public API: every writer of usage calls one of these three, and this file holds
// the only SQL that appends to the ledger (UsageRecord).
//   recordUsage(tx, units)       in the caller's transaction (Prisma or hot-sql): work and usage commit together
//   recordUsageGrouped(units)    group commit shared with concurrent requests, for work that writes nothing else
//   usageInsertFrom(select)      for a hot statement that stores its work and bills it at once
//                                (chat's accepted message; served recommendations with usageParams)

export interface UsageUnit {
  workspaceId: string;
  meter: Meter;
  quantity: number;
  /** Same key, same unit of work: recorded once however often the caller retries. */
  idempotencyKey?: string;
  occurredAt?: Date;
}

/**
 * The ledger's INSERT. `select` yields the rows as (workspaceId text, meter text, quantity int,
 * idempotencyKey text, occurredAt timestamptz): from the parameter arrays (USAGE_FROM_PARAMS) or
 * from rows the writer's own statement just stored. A unit with an idempotency key is recorded once
 * however often it is retried (unique on workspaceId + idempotencyKey); the others never conflict.
 * A given time is stored as UTC, as Prisma writes it; none means the statement's time, as the
 * column default.
 */
export function usageInsertFrom(select: string): string {
  return `INSERT INTO "UsageRecord" ("workspaceId", "meter", "quantity", "idempotencyKey", "occurredAt")
  SELECT w, m, q, k, coalesce(o AT TIME ZONE 'UTC', localtimestamp) FROM (${select}) AS u(w, m, q, k, o)
  ON CONFLICT DO NOTHING`;
}

/** The rows of `usageParams(...)` passed as $1..$5. */
export const USAGE_FROM_PARAMS = 'SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[])';

/** A meter as an SQL literal, for a `select` of one meter: typed, so a misspelt meter does not compile. */
export const meterLiteral = (meter: Meter) => `'${meter}'::text`;

export type UsageParams = [string[], string[], number[], (string | null)[], (string | null)[]];

const RECORD_USAGE = defineStatement<UsageParams>('cairn-record-usage', usageInsertFrom(USAGE_FROM_PARAMS));

/**
 * Records billable units in the caller's transaction, so the work and its usage commit together
 * (nothing billed that did not happen, nothing done that is not billed). The transaction is a
 * Prisma one or a hot-sql one (services/db/hot-sql.ts). Returns rows written.
 */
export async function recordUsage(tx: Tx | pg.PoolClient, units: UsageUnit | UsageUnit[]): Promise<number> {
  const rows = billableUnits(Array.isArray(units) ? units : [units]);
  if (rows.length === 0) return 0;
  const params = columns(rows);
  if ('$executeRawUnsafe' in tx) return tx.$executeRawUnsafe(RECORD_USAGE.text, ...params);
  return (await run(tx, RECORD_USAGE, params)).rowCount;
}

// Group commit for high-rate usage from work that writes nothing else to the database (embeddings,
// sentiment): the units of every request that arrives in the same tick, or while a commit runs, are
// written by ONE statement (atomic, one round trip), and each caller resumes only after that commit
// (durable before the response, as with recordUsage). One transaction per request costs ~5 ms of
// round trips on a busy 2-core machine and capped the endpoint near 200 req/s; grouped, the cost is
// shared. The statement runs on the commit pool (pg, prepared), not Prisma: Prisma's query compiler
// and transaction round trips cost the api more CPU than the ML model for small requests.
let grouped: MicroBatcher<UsageUnit, void> | undefined;

/** Records the units in a statement shared with concurrent callers; resolves once committed. */
export async function recordUsageGrouped(units: UsageUnit | UsageUnit[]): Promise<void> {
  grouped ??= new MicroBatcher<UsageUnit, void>(
    async (batch) => {
      const params = usageParams(batch);
      if (params[0].length > 0) await run(commitPool(), RECORD_USAGE, params);
      return batch.map(() => undefined);
    },
    { maxBatch: 1000, maxWaitMs: 0, maxQueue: 100_000, concurrency: 2 },
  );
  await grouped.submit(Array.isArray(units) ? units : [units]);
}

/**
 * The units of a group of requests as the ledger's parameter arrays ($1..$5 of USAGE_FROM_PARAMS):
 * units of one workspace and meter without idempotency key or time become one row.
 */
export function usageParams(units: UsageUnit[]): UsageParams {
  return columns(billableUnits(merge(units)));
}

function merge(units: UsageUnit[]): UsageUnit[] {
  const out: UsageUnit[] = [];
  const sums = new Map<string, UsageUnit>();
  for (const u of units) {
    if (u.idempotencyKey || u.occurredAt) {
      out.push(u);
      continue;
    }
    const key = `${u.workspaceId}\u0000${u.meter}`;
    const seen = sums.get(key);
    if (seen) seen.quantity += u.quantity;
    else {
      const copy = { ...u };
      sums.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

/** Times as ISO strings: UTC whatever the process's time zone. */
function columns(rows: UsageUnit[]): UsageParams {
  return [
    rows.map((u) => u.workspaceId),
    rows.map((u) => u.meter),
    rows.map((u) => u.quantity),
    rows.map((u) => u.idempotencyKey ?? null),
    rows.map((u) => u.occurredAt?.toISOString() ?? null),
  ];
}

/** The units worth a row (quantity > 0); a quantity that is not an integer is a bug: throws. */
function billableUnits(units: UsageUnit[]): UsageUnit[] {
  const rows = units.filter((u) => u.quantity > 0);
  for (const u of rows) {
    if (!Number.isSafeInteger(u.quantity)) throw new RangeError(`usage quantity must be an integer, got ${u.quantity}`);
  }
  return rows;
}
