import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';

/**
 * GDPR erasure: deletes the end user and every event with their userId in this workspace, in one
 * transaction, and writes an audit line (who erased which id, how many events). Idempotent: erasing
 * an unknown id deletes nothing and succeeds. Events sent only under an anonymousId carry no
 * userId and are not reached; events sent with this userId after the erasure are stored again.
 */
export async function eraseUser(workspaceId: string, id: string, actor: { keyId?: string; userId?: string } = {}) {
  return db().$transaction(async (tx) => {
    const events = await tx.event.deleteMany({ where: { workspaceId, userId: id } });
    const user = await tx.endUser.deleteMany({ where: { workspaceId, id } });
    await recordAudit(tx, {
      workspaceId,
      action: 'end_user.erased',
      targetType: 'end_user',
      targetId: id,
      actorKeyId: actor.keyId,
      actorUserId: actor.userId,
      metadata: { eventsDeleted: events.count, userDeleted: user.count > 0 },
    });
    return { id, userDeleted: user.count > 0, eventsDeleted: events.count };
  });
}
