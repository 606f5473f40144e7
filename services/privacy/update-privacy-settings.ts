import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import type { PrivacySettingsUpdate, PrivacySettingsView } from './schemas';

/**
 * Saves retention and redaction settings (the fields given), audited with the values before and
 * after: shortening retention deletes data at the next nightly run, so who did it must be known.
 */
export async function updatePrivacySettings(
  workspaceId: string,
  update: PrivacySettingsUpdate,
  actor: { keyId?: string; userId?: string } = {},
): Promise<PrivacySettingsView> {
  return db().$transaction(async (tx) => {
    const select = { eventRetentionDays: true, conversationRetentionDays: true, redactPii: true } as const;
    const before = await tx.privacySettings.findUnique({ where: { workspaceId }, select });
    const after = await tx.privacySettings.upsert({
      where: { workspaceId },
      create: { workspaceId, ...update },
      update: { ...update, updatedAt: new Date() },
      select,
    });
    await recordAudit(tx, {
      workspaceId,
      action: 'privacy_settings.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      actorKeyId: actor.keyId,
      actorUserId: actor.userId,
      metadata: { before, after },
    });
    return after;
  });
}
