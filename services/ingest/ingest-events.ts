import { commitPool } from '@/services/db/commit-pool';
import { defineStatement, run, transaction } from '@/services/db/hot-sql';
import { AppError } from '@/services/errors/app-error';
import { recordUsage } from '@/services/metering/record-usage';
import { eventSchema, MAX_EVENTS_PER_BATCH, type EventInput, type IngestResult } from './event-schema';

// One set-based statement for the whole batch: each column travels as one array parameter and
// unnest() turns them back into rows. Deduplication by event id: "Event" is partitioned by
// receivedAt, so its own key cannot stop a retry that arrives later; each id goes into "EventId"
// first (ON CONFLICT DO NOTHING) and only the rows whose id was new there are stored. A concurrent
// retry of the same batch waits for the first one's EventId row locks and then skips every row, so
// an event is never stored twice while its id is in EventId (EVENT_DEDUPE_DAYS; docs/operations.md,
// "Event partitions"). Timestamps travel as epoch milliseconds and are stored as UTC (the columns
// are timestamp without time zone, as Prisma writes them).
// An event with only an anonymousId that `identify` already merged into a user is stored with that
// userId (services/identity/merge-identity.ts): coalesce asks the merge table only for such rows.
// Each column travels as a JS array, which the pg driver writes as one array literal (validation
// has already refused NUL, the one character an array element cannot carry).
type Texts = readonly (string | null)[];
type Numbers = readonly (number | null)[];
type InsertEventsParams = [string, Texts, Texts, Texts, Texts, Texts, Numbers, Numbers, Texts, Texts, number];
const INSERT_EVENTS = defineStatement<InsertEventsParams>(
  'cairn-ingest-events',
  `
WITH t AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[], $10::text[])
    AS t(id, type, user_id, anonymous_id, item_id, value, ms, recomm_id, properties)
), fresh AS (
  INSERT INTO "EventId" ("workspaceId", "id", "receivedAt")
  SELECT $1::text, t.id, timestamp '1970-01-01' + $11::float8 * interval '1 millisecond' FROM t
  ON CONFLICT ("workspaceId", "id") DO NOTHING
  RETURNING "id"
)
INSERT INTO "Event" ("workspaceId", "id", "type", "userId", "anonymousId", "itemId", "value", "timestamp", "recommId", "properties", "receivedAt")
SELECT $1::text, t.id, t.type,
       coalesce(t.user_id, (SELECT m."userId" FROM "IdentityMerge" m WHERE m."workspaceId" = $1::text AND m."anonymousId" = t.anonymous_id)),
       t.anonymous_id, t.item_id, t.value,
       timestamp '1970-01-01' + t.ms * interval '1 millisecond', t.recomm_id, t.properties::jsonb,
       timestamp '1970-01-01' + $11::float8 * interval '1 millisecond'
FROM t JOIN fresh ON fresh.id = t.id`,
);

const byId = (a: EventInput, b: EventInput) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Validates each event on its own and stores the valid ones of the batch in one transaction,
 * together with their usage (meter `events`, one unit per newly stored event). Committed before
 * it returns. Invalid events are reported by index; they do not block the others.
 */
export async function ingestEvents(workspaceId: string, events: readonly unknown[]): Promise<IngestResult> {
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw new AppError('payload_too_large', `A batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${events.length}`);
  }
  const rejected: IngestResult['rejected'] = [];
  const unique = new Map<string, EventInput>();
  let duplicates = 0;
  for (let index = 0; index < events.length; index++) {
    const parsed = eventSchema.safeParse(events[index]);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(event)', message: i.message }));
      rejected.push({ index, code: 'validation_failed', message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details });
    } else if (unique.has(parsed.data.id)) {
      duplicates++; // the first occurrence in the batch wins
    } else {
      unique.set(parsed.data.id, parsed.data);
    }
  }
  if (unique.size === 0) return { accepted: 0, duplicates, rejected };

  // Rows in id order: concurrent batches that share ids lock them in the same order (no deadlock).
  const rows = [...unique.values()].sort(byId);
  const n = rows.length;
  const ids = new Array<string>(n);
  const types = new Array<string>(n);
  const userIds = new Array<string | null>(n);
  const anonymousIds = new Array<string | null>(n);
  const itemIds = new Array<string | null>(n);
  const values = new Array<number | null>(n);
  const times = new Array<number>(n);
  const recommIds = new Array<string | null>(n);
  const properties = new Array<string | null>(n);
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const e = rows[i]!;
    ids[i] = e.id;
    types[i] = e.type;
    userIds[i] = e.userId ?? null;
    anonymousIds[i] = e.anonymousId ?? null;
    itemIds[i] = e.itemId ?? null;
    values[i] = e.value ?? null;
    times[i] = e.timestamp ?? now;
    recommIds[i] = e.recommId ?? null;
    properties[i] = e.properties ?? null;
  }

  // On the pg pool (services/db/hot-sql.ts): under a burst a batch waits up to 5 s for a
  // connection, then fails with a retryable 503; a batch itself takes milliseconds.
  const params: InsertEventsParams = [workspaceId, ids, types, userIds, anonymousIds, itemIds, values, times, recommIds, properties, now];
  const stored = await transaction(
    commitPool(),
    async (client) => {
      const { rowCount: inserted } = await run(client, INSERT_EVENTS, params);
      await recordUsage(client, { workspaceId, meter: 'events', quantity: inserted });
      return inserted;
    },
    { maxWaitMs: 5_000 },
  );
  return { accepted: stored, duplicates: duplicates + n - stored, rejected };
}
