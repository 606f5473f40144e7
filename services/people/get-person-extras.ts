import { db } from '@/services/db/client';

/**
 * What the user page shows beside the profile and timeline: the anonymous ids merged into the
 * person, their conversations (newest first, with the sentiment kept on each) and the sentiment of
 * all their scored messages. Tenant-scoped reads.
 */
export async function getPersonExtras(workspaceId: string, userId: string) {
  const [merges, conversations, sentiment] = await Promise.all([
    db().identityMerge.findMany({ where: { workspaceId, userId }, orderBy: { mergedAt: 'asc' }, select: { anonymousId: true, source: true, events: true, mergedAt: true } }),
    db().conversation.findMany({
      where: { workspaceId, userId },
      orderBy: { lastMessageAt: 'desc' },
      take: 20,
      select: { id: true, status: true, preview: true, messageCount: true, negativeCount: true, lastSentiment: true, lastMessageAt: true },
    }),
    db().chatMessage.groupBy({
      by: ['sentimentLabel'],
      where: { workspaceId, role: 'visitor', sentimentLabel: { not: null }, conversation: { workspaceId, userId } },
      _count: { _all: true },
    }),
  ]);
  const bySentiment = { positive: 0, neutral: 0, negative: 0 } as Record<string, number>;
  for (const s of sentiment) if (s.sentimentLabel) bySentiment[s.sentimentLabel] = s._count._all;
  return { merges, conversations, sentiment: bySentiment };
}

/** The user an anonymous id was merged into, if it was. */
export async function mergedInto(workspaceId: string, anonymousId: string): Promise<string | null> {
  const m = await db().identityMerge.findUnique({ where: { workspaceId_anonymousId: { workspaceId, anonymousId } }, select: { userId: true } });
  return m?.userId ?? null;
}
