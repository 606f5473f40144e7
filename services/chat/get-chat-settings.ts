import { db } from '@/services/db/client';
import { DEFAULT_WIDGET } from './get-widget-config';
import type { WidgetSettings } from './widget-settings';

export interface ChatSettingsView extends WidgetSettings {
  /** The HMAC identity secret (shown to admins in the dashboard), or null when verification is off. */
  identitySecret: string | null;
  /** The publishable key of the embed snippet and the live preview, while it is not revoked. */
  widgetKey: { id: string; key: string; allowedOrigins: string[] } | null;
}

/** The chatbot settings the dashboard shows (defaults when never saved). */
export async function getChatSettings(workspaceId: string): Promise<ChatSettingsView> {
  const s = await db().chatSettings.findUnique({ where: { workspaceId } });
  const key = s?.widgetKeyId
    ? await db().apiKey.findFirst({ where: { workspaceId, id: s.widgetKeyId, revokedAt: null }, select: { id: true, allowedOrigins: true } })
    : null;
  return {
    title: s?.title ?? DEFAULT_WIDGET.title,
    greeting: s?.greeting ?? DEFAULT_WIDGET.greeting,
    color: s?.color ?? DEFAULT_WIDGET.color,
    position: (s?.position as WidgetSettings['position'] | undefined) ?? DEFAULT_WIDGET.position,
    identitySecret: s?.identitySecret ?? null,
    widgetKey: key && s?.widgetKey ? { id: key.id, key: s.widgetKey, allowedOrigins: key.allowedOrigins } : null,
  };
}
