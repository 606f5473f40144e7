import type { Tx } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';

/**
 * Locks a conversation of the workspace for an agent's change (so two agents' changes and their
 * audit lines apply one after the other) and returns its handoff fields; 404 for another
 * workspace's or an unknown conversation.
 */
export async function lockConversation(tx: Tx, workspaceId: string, conversationId: string) {
  const [row] = await tx.$queryRaw<{ status: string; assigneeUserId: string | null; flagged: boolean }[]>`
    SELECT "status", "assigneeUserId", "flagged" FROM "Conversation"
    WHERE "workspaceId" = ${workspaceId} AND "id" = ${conversationId} FOR UPDATE`;
  if (!row) throw notFound('Conversation');
  return row;
}
