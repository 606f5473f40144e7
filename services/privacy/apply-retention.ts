import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionResult {
  workspaceId: string;
  events: number;
  conversations: number;
}

export interface RetentionOptions {
  /** The clock (tests). */
  now?: Date;
  /** Rows per DELETE: each batch is its own short statement, so ingestion and chat never wait long on locks. */
  eventBatch?: number;
  /** Conversations per DELETE (their messages go with them by cascade, so fewer per batch). */
  conversationBatch?: number;
}

/** Runs a bounded DELETE (a LIMITed sub-select) again until a batch comes back short. */
async function deleteInBatches(run: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < batch) return total;
  }
}

/**
 * The nightly retention run: for each workspace with a retention setting, deletes its events whose
 * timestamp is older than eventRetentionDays and its conversations (with their messages, feedback
 * included) whose last message is older than conversationRetentionDays, in bounded batches, and
 * audits what it removed. Workspaces without a setting keep everything. The api's in-memory
 * recommendation state drops the deleted events at its next full reload (services/recommend/serving/workspace-state.ts).
 */
export async function applyRetention(opts: RetentionOptions = {}): Promise<RetentionResult[]> {
  const now = opts.now ?? new Date();
  const eventBatch = opts.eventBatch ?? 5000;
  const conversationBatch = opts.conversationBatch ?? 500;
  const settings = await db().privacySettings.findMany({
    where: { OR: [{ eventRetentionDays: { not: null } }, { conversationRetentionDays: { not: null } }] },
    select: { workspaceId: true, eventRetentionDays: true, conversationRetentionDays: true },
    orderBy: { workspaceId: 'asc' },
  });
  const results: RetentionResult[] = [];
  for (const s of settings) {
    const { workspaceId } = s;
    let events = 0;
    let conversations = 0;
    if (s.eventRetentionDays !== null) {
      const cutoff = new Date(now.getTime() - s.eventRetentionDays * DAY_MS);
      events = await deleteInBatches(
        () => db().$executeRaw`
          DELETE FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "id" IN (
            SELECT "id" FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "timestamp" < ${cutoff} LIMIT ${eventBatch})`,
        eventBatch,
      );
    }
    if (s.conversationRetentionDays !== null) {
      const cutoff = new Date(now.getTime() - s.conversationRetentionDays * DAY_MS);
      conversations = await deleteInBatches(
        () => db().$executeRaw`
          DELETE FROM "Conversation" WHERE "workspaceId" = ${workspaceId} AND "id" IN (
            SELECT "id" FROM "Conversation" WHERE "workspaceId" = ${workspaceId} AND "lastMessageAt" < ${cutoff} LIMIT ${conversationBatch})`,
        conversationBatch,
      );
    }
    if (events + conversations > 0) {
      await db().$transaction((tx) =>
        recordAudit(tx, {
          workspaceId,
          action: 'retention.applied',
          targetType: 'workspace',
          targetId: workspaceId,
          metadata: { events, conversations, eventRetentionDays: s.eventRetentionDays, conversationRetentionDays: s.conversationRetentionDays },
        }),
      );
    }
    results.push({ workspaceId, events, conversations });
  }
  return results;
}
