// Deleting a workspace (owner only, typed confirmation): the Stripe subscription is cancelled first
// (a failure there deletes nothing, so the owner can try again and is never billed for a workspace
// that is gone), then every row of the workspace goes in one transaction: every table of the
// schema with a workspaceId column, found in the catalog rather than listed here, so a table added
// later is covered without anyone remembering this file. The workspace's own audit log goes with
// it; the deletion is recorded in the actor's account audit log (AccountAuditLog), which outlives
// it. docs/security.md, "Deleting a workspace".
import Stripe from 'stripe';
import { z } from 'zod';
import { notifyApiKeyChange } from '@/services/api-keys/notify-key-change';
import { recordAccountAudit } from '@/services/audit/record-account-audit';
import { stripe } from '@/services/billing/stripe-client';
import { env } from '@/services/config/env';
import { db, type Tx } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from './require-membership';

export const deleteWorkspaceSchema = z.strictObject({
  workspaceId: z.string().min(1).max(100),
  actorUserId: z.string().min(1).max(100),
  confirmName: z.string().max(200, 'must be at most 200 characters'),
});

export interface DeletedWorkspace {
  workspaceId: string;
  name: string;
  /** Rows removed per table (including Workspace itself); tables without rows are left out. */
  rows: Record<string, number>;
  subscriptionCancelled: string | null;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every base table of the current schema with a "workspaceId" column, Workspace itself aside. */
async function workspaceTables(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.column_name = 'workspaceId' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name`;
  return rows.map((r) => r.table_name);
}

/** Cancels the workspace's live subscription now; null when there is none. Throws `unavailable` on Stripe failures. */
async function cancelSubscription(workspaceId: string): Promise<string | null> {
  const billing = await db().billingAccount.findUnique({ where: { workspaceId }, select: { stripeSubscriptionId: true, subscriptionStatus: true } });
  const subId = billing?.stripeSubscriptionId;
  if (!subId || billing.subscriptionStatus === 'canceled') return null;
  try {
    // Idempotent: a retried deletion after a lost answer cancels once.
    await stripe().subscriptions.cancel(subId, {}, { idempotencyKey: `cairn-delete-workspace-${workspaceId}-${subId}` });
  } catch (err) {
    // Already gone at Stripe (cancelled in the portal, or by hand): nothing left to bill.
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing') return subId;
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable', 'Stripe did not confirm the cancellation of the subscription, so nothing was deleted. Try again in a minute.');
  }
  return subId;
}

/**
 * Revokes the workspace's keys, then waits until no api process can still accept them (the key
 * cache's TTL, plus a margin for requests already inside). Without it a request authenticated
 * from the cache just before the deletion would write usage for a workspace that is gone, and the
 * api's group commits (one statement for many workspaces) would fail for every tenant in it.
 */
async function drainApiTraffic(workspaceId: string, waitMs: number): Promise<void> {
  // Revoked the way revokeApiKey does it: every api process drops the cached keys on commit (NOTIFY).
  const { count } = await db().$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateMany({ where: { workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
    await notifyApiKeyChange(tx, workspaceId);
    return revoked;
  });
  if (count > 0 && waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}

/**
 * Deletes the workspace and all its data. Throws not_found for a workspace the actor is not in,
 * forbidden below owner, validation_failed naming `confirmName` when it is not the workspace's
 * name, and unavailable when Stripe does not cancel the subscription.
 */
export async function deleteWorkspace(
  input: { workspaceId: string; actorUserId: string; confirmName: unknown },
  opts: { drainMs?: number } = {},
): Promise<DeletedWorkspace> {
  const data = parseOrThrow(deleteWorkspaceSchema, input);
  const { workspace } = await requireMembership(data.actorUserId, data.workspaceId, 'owner');
  if (data.confirmName.trim() !== workspace.name) {
    throw new AppError('validation_failed', 'Type the workspace name exactly to confirm', [{ path: 'confirmName', message: `does not match “${workspace.name}”` }]);
  }
  const subscriptionCancelled = await cancelSubscription(workspace.id);
  await drainApiTraffic(workspace.id, opts.drainMs ?? env().API_KEY_CACHE_TTL_MS + 1000);

  return db().$transaction(
    async (tx) => {
      // Locks the workspace: a second deletion waits here and then finds nothing.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Workspace" WHERE id = ${workspace.id} FOR UPDATE`;
      if (locked.length === 0) throw new AppError('not_found', 'Workspace not found');
      // Counted before any delete: a foreign key's cascade would otherwise take rows of later
      // tables silently, and the audit entry's numbers must say what went.
      const tables = await workspaceTables(tx);
      const rows: Record<string, number> = {};
      for (const table of tables) {
        const [{ n }] = await tx.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)} WHERE "workspaceId" = $1`, workspace.id);
        if (n > 0) rows[table] = n;
      }
      for (const table of tables) await tx.$executeRawUnsafe(`DELETE FROM ${quoteIdent(table)} WHERE "workspaceId" = $1`, workspace.id);
      rows.Workspace = await tx.$executeRaw`DELETE FROM "Workspace" WHERE id = ${workspace.id}`;
      // Jobs queued for the workspace (training, embeddings, crawls) would only fail on missing rows.
      const [{ queue }] = await tx.$queryRaw<[{ queue: boolean }]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS queue`;
      if (queue) await tx.$executeRaw`DELETE FROM pgboss.job WHERE data->>'workspaceId' = ${workspace.id} AND state IN ('created', 'retry')`;
      await recordAccountAudit(tx, {
        userId: data.actorUserId,
        action: 'workspace.deleted',
        targetType: 'workspace',
        targetId: workspace.id,
        metadata: { name: workspace.name, plan: workspace.plan, rows, subscriptionCancelled },
      });
      return { workspaceId: workspace.id, name: workspace.name, rows, subscriptionCancelled };
    },
    { timeout: 300_000 },
  );
}
