import { db } from '@/services/db/client';

/** For the dashboard: a conversation with every field of its messages (sentiment, method, feedback). */
export async function getTranscript(workspaceId: string, conversationId: string) {
  return db().conversation.findUnique({
    where: { workspaceId_id: { workspaceId, id: conversationId } },
    include: { messages: { orderBy: { seq: 'asc' }, take: 1000 } },
  });
}
