import { db } from '@/services/db/client';

const RECENT_EVENTS = 10;

/**
 * Who the visitor is, for the agent beside the transcript: their user id (when the widget
 * identified them), the traits stored for that user (PUT /v1/users) and their latest events,
 * all of this workspace only. Anonymous visitors have none of it.
 */
export async function getVisitorContext(workspaceId: string, userId: string | null) {
  if (!userId) return null;
  const [user, events] = await Promise.all([
    db().endUser.findUnique({ where: { workspaceId_id: { workspaceId, id: userId } }, select: { traits: true, createdAt: true } }),
    db().event.findMany({
      where: { workspaceId, userId },
      orderBy: { timestamp: 'desc' },
      take: RECENT_EVENTS,
      select: { id: true, type: true, itemId: true, value: true, timestamp: true },
    }),
  ]);
  const traits = user && user.traits && typeof user.traits === 'object' && !Array.isArray(user.traits) ? Object.entries(user.traits as Record<string, unknown>).slice(0, 20) : [];
  return { userId, known: !!user, traits: traits.map(([k, v]) => ({ key: k, value: typeof v === 'string' ? v : JSON.stringify(v) })), events };
}
