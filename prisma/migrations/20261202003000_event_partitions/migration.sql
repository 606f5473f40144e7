-- Event becomes a table partitioned by month of "receivedAt" (issue 17; docs/operations.md, "Event
-- partitions"). Written by hand: Prisma cannot declare partitioning. Prisma's schema describes the
-- parent table, which is all the client reads and writes.
--
-- receivedAt, not the client's timestamp: ingestion always writes the newest partition whatever
-- times clients send (imports of old history, skewed clocks), retention counts from receipt, and
-- the serving tail (which reads by receivedAt) touches the newest partitions only.

-- 1. The existing table becomes the partition "Event_history" (no rows copied): its constraint and
--    index names move aside, since the parent takes the names Prisma expects.
ALTER TABLE "Event" RENAME TO "Event_history";
ALTER TABLE "Event_history" DROP CONSTRAINT "Event_pkey";
ALTER TABLE "Event_history" DROP CONSTRAINT "Event_workspaceId_fkey";
ALTER INDEX "Event_workspaceId_timestamp_idx" RENAME TO "Event_history_workspaceId_timestamp_idx";
ALTER INDEX "Event_workspaceId_userId_idx" RENAME TO "Event_history_workspaceId_userId_idx";
ALTER INDEX "Event_workspaceId_itemId_idx" RENAME TO "Event_history_workspaceId_itemId_idx";

-- 2. The partitioned parent. A key of a partitioned table must contain the partition key, so the
--    primary key is (workspaceId, id, receivedAt): deduplication by id moves to "EventId" below.
CREATE TABLE "Event" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "userId" TEXT,
    "anonymousId" TEXT,
    "itemId" TEXT,
    "value" DOUBLE PRECISION,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "recommId" TEXT,
    "properties" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("workspaceId","id","receivedAt")
) PARTITION BY RANGE ("receivedAt");

CREATE INDEX "Event_workspaceId_timestamp_idx" ON "Event"("workspaceId", "timestamp");
CREATE INDEX "Event_workspaceId_userId_idx" ON "Event"("workspaceId", "userId");
CREATE INDEX "Event_workspaceId_itemId_idx" ON "Event"("workspaceId", "itemId");
ALTER TABLE "Event" ADD CONSTRAINT "Event_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 3. The old rows: everything received before now (or the newest row, if a clock ran ahead). ATTACH
--    reuses the three matching indexes and builds only the new primary key's (one pass over the old
--    rows; no row is copied). From now on, new events go to a partition of their own: the rest of
--    this month, then one partition a month.
-- 4. Monthly partitions for the next three months (the worker's maintain-event-partitions job keeps
--    three months ahead from then on), and a default partition: only written if the worker falls
--    behind; the job moves its rows into the month's partition when it creates it.
DO $$
DECLARE
  split timestamp := greatest(date_trunc('second', now() AT TIME ZONE 'UTC'), (SELECT max("receivedAt") + interval '1 millisecond' FROM "Event_history"));
  m timestamp := date_trunc('month', split) + interval '1 month';
BEGIN
  EXECUTE format('ALTER TABLE "Event" ATTACH PARTITION "Event_history" FOR VALUES FROM (MINVALUE) TO (%L)', split);
  EXECUTE format('CREATE TABLE %I PARTITION OF "Event" FOR VALUES FROM (%L) TO (%L)', 'Event_p' || to_char(split, 'YYYY_MM'), split, m);
  FOR i IN 1..3 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "Event" FOR VALUES FROM (%L) TO (%L)',
      'Event_p' || to_char(m, 'YYYY_MM'), m, m + interval '1 month');
    m := m + interval '1 month';
  END LOOP;
END $$;
CREATE TABLE "Event_default" PARTITION OF "Event" DEFAULT;

-- 5. Deduplication by event id across partitions: the ingest inserts each id here first, in the
--    same statement, and stores only the events whose id was new. Rows older than the dedupe window
--    (EVENT_DEDUPE_DAYS) are pruned daily, so this table holds the last days' ids, not history.
CREATE TABLE "EventId" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventId_pkey" PRIMARY KEY ("workspaceId","id")
);
CREATE INDEX "EventId_receivedAt_idx" ON "EventId"("receivedAt");
ALTER TABLE "EventId" ADD CONSTRAINT "EventId_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Ids of the last 30 days of events already stored, so a retry right after the upgrade still dedupes.
INSERT INTO "EventId" ("workspaceId", "id", "receivedAt")
SELECT "workspaceId", "id", max("receivedAt") FROM "Event"
WHERE "receivedAt" > (now() AT TIME ZONE 'UTC') - interval '30 days'
GROUP BY "workspaceId", "id";
