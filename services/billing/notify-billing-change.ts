import type { Tx } from '@/services/db/client';
import { invalidateBillingState } from './billing-state';

export const BILLING_CHANNEL = 'cairn_billing_changed';

/**
 * Tells every api process that a workspace's plan changed; sent on commit of the caller's
 * transaction (PostgreSQL delivers NOTIFY at commit, never for a rolled-back change).
 */
export async function notifyBillingChange(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${BILLING_CHANNEL}, ${workspaceId})`;
  // This process too (the web process holds no listener; an in-process api does).
  invalidateBillingState(workspaceId);
}
