import { db } from '@/services/db/client';

/** A conversation's internal notes, oldest first (the dashboard only). */
export async function listConversationNotes(workspaceId: string, conversationId: string) {
  return db().conversationNote.findMany({ where: { workspaceId, conversationId }, orderBy: { createdAt: 'asc' }, take: 200 });
}
