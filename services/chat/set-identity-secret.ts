import { db } from '@/services/db/client';
import { randomBase62 } from '@/services/ids';
import { requireMembership } from '@/services/workspaces/require-membership';

/**
 * Turns identity verification on with a new secret (also to rotate it: the old one stops working
 * at once) or off (admins). Returns the secret, which the tenant's server uses to sign user ids.
 */
export async function setIdentitySecret(input: { workspaceId: string; actorUserId: string; enabled: boolean }): Promise<string | null> {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  const secret = input.enabled ? `cis_${randomBase62(32)}` : null;
  await db().chatSettings.upsert({
    where: { workspaceId: input.workspaceId },
    create: { workspaceId: input.workspaceId, identitySecret: secret },
    update: { identitySecret: secret, updatedAt: new Date() },
  });
  return secret;
}
