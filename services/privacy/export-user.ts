import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';

/** Events in one export; a person with more is told so (`truncated`) rather than left waiting on a huge file. */
export const MAX_EXPORTED_EVENTS = 100_000;

/**
 * GDPR access request (Art. 15): everything this workspace holds about one end user, as JSON: the
 * profile and traits, every event with its properties, the anonymous ids merged into them, and
 * their conversations with every message. Read in one repeatable-read snapshot, so the parts agree;
 * the export itself is audited (who took a copy of whose data). Null when the workspace holds
 * nothing about the id (callers answer 404).
 */
export async function exportUser(workspaceId: string, userId: string, actor: { keyId?: string; userId?: string } = {}) {
  const data = await db().$transaction(
    async (tx) => {
      const [profile, events, merges, conversations] = await Promise.all([
        tx.endUser.findUnique({ where: { workspaceId_id: { workspaceId, id: userId } }, select: { traits: true, createdAt: true, updatedAt: true } }),
        tx.event.findMany({
          where: { workspaceId, userId },
          orderBy: { timestamp: 'asc' },
          take: MAX_EXPORTED_EVENTS + 1,
          select: { id: true, type: true, anonymousId: true, itemId: true, value: true, timestamp: true, recommId: true, properties: true, receivedAt: true },
        }),
        tx.identityMerge.findMany({ where: { workspaceId, userId }, select: { anonymousId: true, source: true, mergedAt: true } }),
        tx.conversation.findMany({
          where: { workspaceId, userId },
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            status: true,
            contactEmail: true,
            createdAt: true,
            lastMessageAt: true,
            messages: { orderBy: { seq: 'asc' }, select: { role: true, text: true, createdAt: true, sentimentLabel: true, feedback: true, feedbackComment: true } },
          },
        }),
      ]);
      if (!profile && events.length === 0 && conversations.length === 0 && merges.length === 0) return null;
      await recordAudit(tx, {
        workspaceId,
        action: 'end_user.exported',
        targetType: 'end_user',
        targetId: userId,
        actorKeyId: actor.keyId,
        actorUserId: actor.userId,
        metadata: { events: Math.min(events.length, MAX_EXPORTED_EVENTS), conversations: conversations.length },
      });
      return { profile, events, merges, conversations };
    },
    { isolationLevel: 'RepeatableRead' },
  );
  if (!data) return null;
  return {
    exportedAt: new Date(),
    workspaceId,
    userId,
    profile: data.profile,
    anonymousIds: data.merges,
    events: data.events.slice(0, MAX_EXPORTED_EVENTS),
    truncated: data.events.length > MAX_EXPORTED_EVENTS,
    conversations: data.conversations,
  };
}
