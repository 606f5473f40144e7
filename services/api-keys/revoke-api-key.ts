import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { requireMembership } from '@/services/workspaces/require-membership';
import { notifyApiKeyChange } from './notify-key-change';

/** Revokes at once in the database; every api process drops it on the commit's NOTIFY (API_KEY_CACHE_TTL_MS at worst). */
export async function revokeApiKey(input: { workspaceId: string; actorUserId: string; keyId: string }) {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { workspaceId: input.workspaceId, id: input.keyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError('not_found', 'API key not found');
    await notifyApiKeyChange(tx, input.workspaceId);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: input.keyId,
      actorUserId: input.actorUserId,
    });
  });
}
