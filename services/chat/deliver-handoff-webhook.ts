import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { openSecret } from '@/services/secrets/secret-box';
import { HANDOFF_WEBHOOK_SECRET_PURPOSE } from './handoff-webhook-settings';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { webhookUrlProblem } from './webhook-url-problem';

const TIMEOUT_MS = 10_000;

export class WebhookDeliveryError extends Error {}

/**
 * One signed POST of a `conversation.needs_person` event to the workspace's webhook. Throws on a
 * non-2xx answer, a timeout or a refused address (the job retries); redirects are not followed
 * (they could lead to a private address). Nothing is sent when the webhook was removed meanwhile.
 */
export async function deliverHandoffWebhook(event: { workspaceId: string; conversationId: string; eventId: string; reason: string; occurredAt: string }) {
  const { workspaceId, conversationId } = event;
  const [settings, conversation] = await Promise.all([
    db().chatSettings.findUnique({ where: { workspaceId }, select: { handoffWebhookUrl: true, handoffWebhookSecretEncrypted: true } }),
    db().conversation.findUnique({ where: { workspaceId_id: { workspaceId, id: conversationId } }, select: { preview: true, contactEmail: true, userId: true } }),
  ]);
  const url = settings?.handoffWebhookUrl;
  const secret = settings?.handoffWebhookSecretEncrypted ? openSecret(settings.handoffWebhookSecretEncrypted, HANDOFF_WEBHOOK_SECRET_PURPOSE) : null;
  if (!url || !secret) return { skipped: true as const };
  const problem = await webhookUrlProblem(url);
  if (problem) throw new WebhookDeliveryError(`webhook URL refused: ${problem}`);
  const body = JSON.stringify({
    id: event.eventId,
    type: 'conversation.needs_person',
    createdAt: event.occurredAt,
    data: {
      workspaceId,
      conversationId,
      reason: event.reason,
      userId: conversation?.userId ?? null,
      preview: conversation?.preview ?? null,
      contactEmail: conversation?.contactEmail ?? null,
      dashboardUrl: `${env().PUBLIC_WEB_URL}/dashboard/${workspaceId}/inbox/${conversationId}`,
    },
  });
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Cairn-Webhook/1', [SIGNATURE_HEADER]: signWebhook(secret, body) },
    });
  } catch (err) {
    throw new WebhookDeliveryError(`webhook not reached: ${err instanceof Error ? err.message : String(err)}`);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new WebhookDeliveryError(`webhook answered ${res.status}`);
  return { skipped: false as const, status: res.status };
}
