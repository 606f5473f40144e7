'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { updateWidgetSettings } from '@/services/chat/update-widget-settings';
import { setIdentitySecret } from '@/services/chat/set-identity-secret';
import { setWidgetKey } from '@/services/chat/set-widget-key';
import type { WidgetSettings } from '@/services/chat/widget-settings';
import { recordMemberChange } from '@/services/audit/record-member-change';

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

export type ThemeState = ActionResult<WidgetSettings> | null;
export type SitesState = ActionResult<{ allowedOrigins: string[] }> | null;

export async function saveThemeAction(workspaceId: string, _prev: ThemeState, formData: FormData): Promise<ThemeState> {
  const actorUserId = await requireUserId();
  const result = await runAction(async () => {
    const saved = await updateWidgetSettings({
      workspaceId,
      actorUserId,
      settings: { title: text(formData, 'title'), greeting: text(formData, 'greeting'), color: text(formData, 'color'), position: text(formData, 'position') },
    });
    await recordMemberChange({ workspaceId, action: 'widget_settings.updated', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { ...saved } });
    return saved;
  });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/chatbot`);
  return result;
}

export async function saveSitesAction(workspaceId: string, _prev: SitesState, formData: FormData): Promise<SitesState> {
  const actorUserId = await requireUserId();
  const origins = text(formData, 'origins')
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);
  const result = await runAction(async () => {
    const { allowedOrigins } = await setWidgetKey({ workspaceId, actorUserId, origins });
    await recordMemberChange({ workspaceId, action: 'widget_sites.updated', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { allowedOrigins } });
    return { allowedOrigins };
  });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/chatbot`);
  return result;
}

export async function setIdentityAction(workspaceId: string, enabled: boolean): Promise<void> {
  const actorUserId = await requireUserId();
  await setIdentitySecret({ workspaceId, actorUserId, enabled });
  // Whether identity verification is on; never the secret itself.
  await recordMemberChange({ workspaceId, action: 'widget_identity.changed', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { enabled } });
  revalidatePath(`/dashboard/${workspaceId}/chatbot`);
}
