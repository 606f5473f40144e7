import { z } from 'zod';
import { db } from '@/services/db/client';
import { safeText } from '@/services/validation';

/** The sealed signing secret's purpose (services/secrets/secret-box.ts binds it into the seal). */
export const HANDOFF_WEBHOOK_SECRET_PURPOSE = 'handoff-webhook-secret';

export const handoffWebhookInput = z.strictObject({
  /** Empty: no webhook (the secret is forgotten too). */
  url: safeText(500).pipe(z.string().trim()),
  /** A new signing secret (shown once), replacing the old one at once. */
  rotateSecret: z.boolean().default(false),
});

export interface HandoffWebhookView {
  url: string | null;
  secretSet: boolean;
}

/** The workspace's "needs a person" webhook, as the settings page shows it (never the secret). */
export async function getHandoffWebhook(workspaceId: string): Promise<HandoffWebhookView> {
  const s = await db().chatSettings.findUnique({ where: { workspaceId }, select: { handoffWebhookUrl: true, handoffWebhookSecretEncrypted: true } });
  return { url: s?.handoffWebhookUrl ?? null, secretSet: !!s?.handoffWebhookSecretEncrypted };
}
