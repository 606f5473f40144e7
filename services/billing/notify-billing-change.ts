import type { Tx } from '@/services/db/client';
import { invalidateApiKeys } from '@/services/api-keys/resolve-api-key';
import { invalidateBillingState } from './billing-state';

export const BILLING_CHANNEL = 'cairn_billing_changed';

/**
 * Tells every api process that a workspace's plan changed; sent on commit of the caller's
 * transaction (PostgreSQL delivers NOTIFY at commit, never for a rolled-back change).
 */
export async function notifyBillingChange(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${BILLING_CHANNEL}, ${workspaceId})`;
  // This process too, at once (the web process holds no listener; an in-process api does): its
  // billing state, and its cached keys, which carry the plan a new billing state starts from.
  invalidateBillingState(workspaceId);
  invalidateApiKeys(workspaceId);
}
