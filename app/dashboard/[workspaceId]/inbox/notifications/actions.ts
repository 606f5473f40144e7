'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { updateHandoffWebhook } from '@/services/chat/update-handoff-webhook';

export type WebhookState = ActionResult<{ url: string | null; newSecret: string | null }> | null;

/** Saves (or with an empty URL removes) the "needs a person" webhook; admins only (the service checks). */
export async function saveWebhookAction(workspaceId: string, _prev: WebhookState, formData: FormData): Promise<WebhookState> {
  const actorUserId = await requireUserId();
  const url = formData.get('url');
  const webhook = { url: typeof url === 'string' ? url : '', rotateSecret: formData.get('intent') === 'rotate' };
  const result = await runAction(() => updateHandoffWebhook({ workspaceId, actorUserId, webhook }), { labels: { url: 'Webhook URL' } });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/inbox/notifications`);
  return result;
}
