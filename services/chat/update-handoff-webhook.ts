import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { sealSecret } from '@/services/secrets/secret-box';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { HANDOFF_WEBHOOK_SECRET_PURPOSE, handoffWebhookInput } from './handoff-webhook-settings';
import { webhookUrlProblem } from './webhook-url-problem';

/**
 * Sets or removes the "needs a person" webhook (admins). The signing secret is made here, on the
 * first URL or when rotation is asked for, sealed at rest and returned this once only; an empty URL
 * removes the webhook and its secret. Audited (the URL, whether the secret changed; never it).
 */
export async function updateHandoffWebhook(input: { workspaceId: string; actorUserId: string; webhook: unknown }): Promise<{ url: string | null; newSecret: string | null }> {
  const { workspaceId, actorUserId } = input;
  await requireMembership(actorUserId, workspaceId, 'admin');
  const v = parseOrThrow(handoffWebhookInput, input.webhook);
  const url = v.url || null;
  if (url) {
    const problem = await webhookUrlProblem(url);
    if (problem) throw new AppError('validation_failed', 'Request validation failed', [{ path: 'url', message: problem, code: 'invalid_url' }]);
  }
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "ChatSettings" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
    const before = await tx.chatSettings.findUnique({ where: { workspaceId }, select: { handoffWebhookUrl: true, handoffWebhookSecretEncrypted: true } });
    const newSecret = url && (v.rotateSecret || !before?.handoffWebhookSecretEncrypted) ? `whsec_${randomBase62(32)}` : null;
    const data = {
      handoffWebhookUrl: url,
      ...(url === null ? { handoffWebhookSecretEncrypted: null } : newSecret ? { handoffWebhookSecretEncrypted: sealSecret(newSecret, HANDOFF_WEBHOOK_SECRET_PURPOSE) } : {}),
    };
    await tx.chatSettings.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
    if ((before?.handoffWebhookUrl ?? null) !== url || newSecret) {
      await recordAudit(tx, {
        workspaceId,
        action: 'handoff_webhook.updated',
        targetType: 'workspace',
        targetId: workspaceId,
        actorUserId,
        metadata: { before: before?.handoffWebhookUrl ?? null, after: url, secret: newSecret ? (before?.handoffWebhookSecretEncrypted ? 'rotated' : 'created') : url ? 'kept' : 'removed' },
      });
    }
    return { url, newSecret };
  });
}
