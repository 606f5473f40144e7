import { z } from 'zod';
import { db, type Tx } from '@/services/db/client';
import { env } from '@/services/config/env';
import { createApiKeyInTx } from '@/services/api-keys/create-api-key';
import { originSchema } from '@/services/api-keys/schemas';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';

const originsSchema = z.array(originSchema).max(49, 'at most 49 sites');

/**
 * The widget's publishable key (chat and events), allowed on the tenant's sites and on the
 * dashboard's own origin (for the live preview). Created on first use, its allowed origins replaced
 * afterwards. Publishable keys are public by design (they sit in every page that embeds the
 * widget), so this one is kept in clear in ChatSettings for the snippet and the preview.
 */
export async function setWidgetKeyInTx(tx: Tx, workspaceId: string, origins: string[], actor: { userId?: string } = {}) {
  const allowedOrigins = [...new Set([env().PUBLIC_WEB_URL, ...parseOrThrow(originsSchema, origins)])];
  const settings = await tx.chatSettings.findUnique({ where: { workspaceId }, select: { widgetKeyId: true, widgetKey: true } });
  if (settings?.widgetKeyId && settings.widgetKey) {
    const { count } = await tx.apiKey.updateMany({ where: { workspaceId, id: settings.widgetKeyId, revokedAt: null }, data: { allowedOrigins } });
    if (count === 1) return { id: settings.widgetKeyId, key: settings.widgetKey, allowedOrigins };
  }
  const { key, record } = await createApiKeyInTx(tx, workspaceId, { name: 'Chat widget', type: 'publishable', scopes: ['chat:write', 'events:write'], allowedOrigins }, actor);
  await tx.chatSettings.upsert({
    where: { workspaceId },
    create: { workspaceId, widgetKeyId: record.id, widgetKey: key },
    update: { widgetKeyId: record.id, widgetKey: key, updatedAt: new Date() },
  });
  return { id: record.id, key, allowedOrigins };
}

/** For the dashboard (admins): see setWidgetKeyInTx. */
export async function setWidgetKey(input: { workspaceId: string; actorUserId: string; origins: string[] }) {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  return db().$transaction((tx) => setWidgetKeyInTx(tx, input.workspaceId, input.origins, { userId: input.actorUserId }));
}
