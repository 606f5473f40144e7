import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { randomBase62 } from '@/services/ids';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { lockConversation } from './conversation-access';
import { noteInput } from './handoff-schemas';

/** An internal note (any member): kept in its own table, never sent to the visitor. Audited. */
export async function addConversationNote(input: { workspaceId: string; conversationId: string; actorUserId: string; note: unknown }) {
  const { workspaceId, conversationId, actorUserId } = input;
  await requireMembership(actorUserId, workspaceId);
  const { text } = parseOrThrow(noteInput, input.note);
  const author = await db().user.findUniqueOrThrow({ where: { id: actorUserId }, select: { name: true } });
  return db().$transaction(async (tx) => {
    await lockConversation(tx, workspaceId, conversationId);
    const note = await tx.conversationNote.create({
      data: { workspaceId, id: `note_${randomBase62(16)}`, conversationId, authorUserId: actorUserId, authorName: author.name || 'Member', text },
    });
    await recordAudit(tx, { workspaceId, action: 'conversation.note_added', targetType: 'conversation', targetId: conversationId, actorUserId, metadata: { noteId: note.id } });
    return { id: note.id };
  });
}
