import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { widgetSettingsSchema, type WidgetSettings } from './widget-settings';

/** Saves the widget's theme (admins); widgets pick it up at their next page load. */
export async function updateWidgetSettings(input: { workspaceId: string; actorUserId: string; settings: unknown }): Promise<WidgetSettings> {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  const settings = parseOrThrow(widgetSettingsSchema, input.settings);
  await db().chatSettings.upsert({
    where: { workspaceId: input.workspaceId },
    create: { workspaceId: input.workspaceId, ...settings },
    update: { ...settings, updatedAt: new Date() },
  });
  return settings;
}
