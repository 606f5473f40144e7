import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import { forgetUser } from '@/services/recommend/serving/registry';

/** What an erasure removed, per store. */
export interface Erased {
  /** The end-user record (0 or 1). */
  user: number;
  events: number;
  conversations: number;
  /** Every message of those conversations, the visitor's and the bot's. */
  messages: number;
  /** Ratings and comments given on those messages (removed with them). */
  feedback: number;
  /** Recommendation histories and serving profiles of the user in this api process's memory (0 or 1). */
  recommendationProfiles: number;
}

/**
 * GDPR erasure of one end user of a workspace, in every store that holds them:
 * - in one transaction: their events, the end-user record, their conversations (linked by the
 *   userId the widget or API sent) with every message and the feedback on those messages, and an
 *   audit line saying who erased which id and how much;
 * - after the commit: their recommendation history and serving profile in this api process's
 *   memory (other processes drop them at their next full reload, services/recommend/serving/workspace-state.ts).
 * Stores that hold nothing personal are not touched: served-recommendation statistics and usage
 * records are counts per workspace and day, trained models index items only. Idempotent: an
 * unknown id erases nothing and succeeds. Not reached: events sent only under an anonymousId and
 * conversations that never carried the userId (the widget had no signed-in user); retention
 * settings bound how long those are kept.
 */
export async function eraseUser(workspaceId: string, id: string, actor: { keyId?: string; userId?: string } = {}) {
  const erased = await db().$transaction(async (tx) => {
    // With the events, their ids in the deduplication table (EventId): client-made ids may name
    // the person. A client that resends one of those events later is sending it anew.
    const [{ n: eventCount }] = await tx.$queryRaw<[{ n: number }]>`
      WITH gone AS (DELETE FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "userId" = ${id} RETURNING "id"),
           ids AS (DELETE FROM "EventId" WHERE "workspaceId" = ${workspaceId} AND "id" IN (SELECT "id" FROM gone))
      SELECT count(*)::int AS n FROM gone`;
    const events = { count: eventCount };
    const user = await tx.endUser.deleteMany({ where: { workspaceId, id } });
    const ofUser = { workspaceId, conversation: { workspaceId, userId: id } };
    const feedback = await tx.chatMessage.count({ where: { ...ofUser, OR: [{ feedback: { not: null } }, { feedbackComment: { not: null } }] } });
    const messages = await tx.chatMessage.deleteMany({ where: ofUser });
    // Messages of a conversation that a concurrent chat turn adds meanwhile go with it by cascade.
    const conversations = await tx.conversation.deleteMany({ where: { workspaceId, userId: id } });
    // The links from anonymous ids to this person go too: later anonymous events stay anonymous.
    await tx.identityMerge.deleteMany({ where: { workspaceId, userId: id } });
    const counts = { user: user.count, events: events.count, conversations: conversations.count, messages: messages.count, feedback };
    await recordAudit(tx, {
      workspaceId,
      action: 'end_user.erased',
      targetType: 'end_user',
      targetId: id,
      actorKeyId: actor.keyId,
      actorUserId: actor.userId,
      metadata: { eventsDeleted: events.count, userDeleted: user.count > 0, erased: counts },
    });
    return counts;
  });
  const recommendationProfiles = (await forgetUser(workspaceId, id)) ? 1 : 0;
  const all: Erased = { ...erased, recommendationProfiles };
  return { id, erased: all, userDeleted: erased.user > 0, eventsDeleted: erased.events };
}
