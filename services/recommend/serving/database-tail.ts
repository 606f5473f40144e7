// The database tail of one workspace: the cursor that reads what was written since the last read
// (new events, catalog changes), whichever process wrote it. The event feed says WHEN to read;
// this says WHAT is new.
import { db } from '@/services/db/client';
import { ITEM_EVENT_KINDS, MAX_TRAINING_EVENTS } from '../load-training-data';
import type { CatalogRow, EventRow } from './types';

/**
 * Overlap of successive reads (commit order is not receivedAt / updatedAt order): a row stamped at
 * t is assumed committed by t + OVERLAP_MS. A read starts OVERLAP_MS before the later of the
 * watermark (newest stamp seen) and the previous read's start: anything older was already visible
 * to the previous read (unless that read was cut by its LIMIT: then from the watermark). From the
 * watermark alone, a burst of writes followed by quiet meant re-reading the whole burst every tick:
 * 10,000 items imported in a few seconds were read again each second, stalling requests ~50 ms.
 */
const OVERLAP_MS = 5_000;
/** Live tail reads events whose own timestamp is at most this old. */
const TAIL_WINDOW_MS = 10 * 60_000;
/** Most events one tail read takes; the next read continues from the last one read. */
const TAIL_LIMIT = 100_000;

/** An identify merge: the anonymous id's history is the user's from now on. */
export interface MergeRow {
  anonymousId: string;
  userId: string;
}

/** What one read found: catalog rows (changed or all), events not read before (oldest first), and new identify merges. */
export interface TailRead {
  catalog: CatalogRow[];
  events: EventRow[];
  merges: MergeRow[];
}

export class DatabaseTail {
  private eventWatermark = 0;
  /** Events read within the overlap, by id: the next read skips them. */
  private recentIds = new Map<string, number>();
  private catalogWatermark = 0;
  /** Date.now() when the last read of events and catalog began. */
  private lastReadAt = 0;
  /** Whether the last tail read got every new event (not cut by TAIL_LIMIT). */
  private tailComplete = true;
  /** Identify merges are read like events: newest mergedAt seen, and the overlap's ids. */
  private mergeWatermark = 0;
  private recentMerges = new Map<string, number>();

  constructor(readonly workspaceId: string) {}

  /** The whole catalog and the newest MAX_TRAINING_EVENTS events; `startedAt`: when the caller's read began. */
  async readAll(startedAt = Date.now()): Promise<TailRead> {
    // Merges so far are in the events already (their rows carry the userId): only later ones count.
    this.mergeWatermark = startedAt;
    this.recentMerges.clear();
    const [catalog, events] = await Promise.all([this.readCatalog(0), this.readAllEvents()]);
    this.lastReadAt = startedAt;
    return { catalog, events, merges: [] };
  }

  /** Catalog rows changed and events received since the last read (each event once). */
  async readChanges(): Promise<TailRead> {
    const readAt = Date.now();
    const [catalog, rows, merges] = await Promise.all([this.readCatalog(this.readFrom(this.catalogWatermark)), this.readTail(), this.readMerges()]);
    this.lastReadAt = readAt;
    const events: EventRow[] = [];
    for (const e of rows) {
      if (this.recentIds.has(e.id)) continue;
      this.recentIds.set(e.id, Number(e.rms));
      events.push(e);
      if (Number(e.rms) > this.eventWatermark) this.eventWatermark = Number(e.rms);
    }
    this.tailComplete = rows.length < TAIL_LIMIT;
    for (const [id, rms] of this.recentIds) if (rms < this.readFrom(this.eventWatermark, this.tailComplete) - OVERLAP_MS) this.recentIds.delete(id);
    return { catalog, events, merges };
  }

  /** Identify merges committed since the last read, each once (an anonymous id merges once). */
  private async readMerges(): Promise<MergeRow[]> {
    const rows = await db().$queryRaw<(MergeRow & { mms: number })[]>`
      SELECT "anonymousId", "userId", (extract(epoch FROM "mergedAt") * 1000)::float8 AS mms
      FROM "IdentityMerge"
      WHERE "workspaceId" = ${this.workspaceId}
        AND "mergedAt" > timestamp '1970-01-01' + ${this.mergeWatermark - OVERLAP_MS}::float8 * interval '1 millisecond'
      ORDER BY "mergedAt"`;
    const merges: MergeRow[] = [];
    for (const r of rows) {
      if (this.recentMerges.has(r.anonymousId)) continue;
      this.recentMerges.set(r.anonymousId, Number(r.mms));
      merges.push({ anonymousId: r.anonymousId, userId: r.userId });
      if (Number(r.mms) > this.mergeWatermark) this.mergeWatermark = Number(r.mms);
    }
    for (const [id, mms] of this.recentMerges) if (mms < this.mergeWatermark - 2 * OVERLAP_MS) this.recentMerges.delete(id);
    return merges;
  }

  /** Lower bound of the next read for a watermark (see OVERLAP_MS). */
  private readFrom(watermark: number, previousReadComplete = true) {
    return (previousReadComplete ? Math.max(watermark, this.lastReadAt) : watermark) - OVERLAP_MS;
  }

  private async readCatalog(sinceMs: number): Promise<CatalogRow[]> {
    const rows = await db().$queryRaw<CatalogRow[]>`
      SELECT "id", "categories", "price", "available", ("deletedAt" IS NOT NULL) AS deleted,
             (extract(epoch FROM "updatedAt") * 1000)::float8 AS ums
      FROM "Item" WHERE "workspaceId" = ${this.workspaceId}
        AND "updatedAt" > timestamp '1970-01-01' + ${Math.max(0, sinceMs)}::float8 * interval '1 millisecond'`;
    for (const r of rows) if (Number(r.ums) > this.catalogWatermark) this.catalogWatermark = Number(r.ums);
    return rows;
  }

  /** The newest events, oldest first; the overlap's ids are remembered so the tail skips them. */
  private async readAllEvents(): Promise<EventRow[]> {
    const rows = await db().$queryRaw<EventRow[]>`
      SELECT "id", "userId" AS u, "anonymousId" AS a, "itemId" AS i, "type" AS t, "value" AS v,
             (extract(epoch FROM "timestamp") * 1000)::float8 AS ms, (extract(epoch FROM "receivedAt") * 1000)::float8 AS rms
      FROM "Event"
      WHERE "workspaceId" = ${this.workspaceId} AND "itemId" IS NOT NULL AND "type" = ANY(${ITEM_EVENT_KINDS as string[]})
      ORDER BY "timestamp" DESC LIMIT ${MAX_TRAINING_EVENTS}`;
    let max = 0;
    for (const r of rows) if (Number(r.rms) > max) max = Number(r.rms);
    this.recentIds.clear();
    for (const r of rows) if (Number(r.rms) >= max - OVERLAP_MS) this.recentIds.set(r.id, Number(r.rms));
    this.eventWatermark = max;
    return rows.reverse();
  }

  private readTail() {
    const since = Date.now() - TAIL_WINDOW_MS;
    const after = this.readFrom(this.eventWatermark, this.tailComplete);
    return db().$queryRaw<EventRow[]>`
      SELECT "id", "userId" AS u, "anonymousId" AS a, "itemId" AS i, "type" AS t, "value" AS v,
             (extract(epoch FROM "timestamp") * 1000)::float8 AS ms, (extract(epoch FROM "receivedAt") * 1000)::float8 AS rms
      FROM "Event"
      WHERE "workspaceId" = ${this.workspaceId}
        AND "timestamp" >= timestamp '1970-01-01' + ${since}::float8 * interval '1 millisecond'
        AND "receivedAt" > timestamp '1970-01-01' + ${after}::float8 * interval '1 millisecond'
        AND "itemId" IS NOT NULL AND "type" = ANY(${ITEM_EVENT_KINDS as string[]})
      ORDER BY "receivedAt" LIMIT ${TAIL_LIMIT}`;
  }
}
