import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { identifyRequestSchema, type IdentifyRequest, type IdentifyResult } from './schemas';

/**
 * `identify`: the anonymous id's history becomes the user's, once. In one transaction: the merge
 * row (keyed by workspace and anonymous id, so a re-sent or concurrent identify finds it and
 * changes nothing), the anonymous id's events without a userId take it, conversations kept under
 * the anonymous id (a widget or API chat that used it as its userId) move to the user, and an audit
 * line (linking two identities is personal-data processing worth a record). Events that arrive
 * later with only the anonymous id are stored with the userId by ingest. An anonymous id already
 * merged into another user is a 409: one browser id is one person until the tracker's `reset`.
 * Everything is scoped to the workspace: the same anonymous id elsewhere is another visitor.
 */
export async function mergeIdentity(workspaceId: string, input: IdentifyRequest, actor: { keyId?: string; userId?: string } = {}): Promise<IdentifyResult> {
  const { anonymousId, userId, source } = parseOrThrow(identifyRequestSchema, input);
  return db().$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key, then skips it.
    const inserted = await tx.$queryRaw<{ mergedAt: Date }[]>`
      INSERT INTO "IdentityMerge" ("workspaceId", "anonymousId", "userId", "source")
      VALUES (${workspaceId}, ${anonymousId}, ${userId}, ${source})
      ON CONFLICT ("workspaceId", "anonymousId") DO NOTHING
      RETURNING "mergedAt"`;
    if (inserted.length === 0) {
      const existing = await tx.identityMerge.findUniqueOrThrow({ where: { workspaceId_anonymousId: { workspaceId, anonymousId } } });
      if (existing.userId !== userId) {
        throw new AppError('conflict', `anonymousId ${anonymousId} is already merged into another user`, [
          { path: 'anonymousId', message: 'already merged into another user' },
        ]);
      }
      return { anonymousId, userId, merged: false, events: existing.events, conversations: existing.conversations, mergedAt: existing.mergedAt };
    }
    const events = await tx.event.updateMany({ where: { workspaceId, anonymousId, userId: null }, data: { userId } });
    const conversations = await tx.conversation.updateMany({ where: { workspaceId, userId: anonymousId }, data: { userId } });
    await tx.identityMerge.update({
      where: { workspaceId_anonymousId: { workspaceId, anonymousId } },
      data: { events: events.count, conversations: conversations.count },
    });
    await recordAudit(tx, {
      workspaceId,
      action: 'end_user.merged',
      targetType: 'end_user',
      targetId: userId,
      actorKeyId: actor.keyId,
      actorUserId: actor.userId,
      metadata: { anonymousId, source, events: events.count, conversations: conversations.count },
    });
    return { anonymousId, userId, merged: true, events: events.count, conversations: conversations.count, mergedAt: inserted[0]!.mergedAt };
  });
}
