import { db } from '@/services/db/client';
import { DEFAULT_PRIVACY, type PrivacySettingsView } from './schemas';

/** The workspace's retention and redaction settings (the defaults when never saved). */
export async function getPrivacySettings(workspaceId: string): Promise<PrivacySettingsView> {
  const s = await db().privacySettings.findUnique({
    where: { workspaceId },
    select: { eventRetentionDays: true, conversationRetentionDays: true, redactPii: true },
  });
  return s ?? { ...DEFAULT_PRIVACY };
}
