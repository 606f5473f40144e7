import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { stripe } from './stripe-client';

/**
 * The workspace's Stripe customer, created on first need (one per workspace). The creation
 * carries an idempotency key derived from the workspace, so concurrent first clicks (or a retry
 * after a lost response) get the same customer from Stripe, and the row is written once.
 */
export async function ensureStripeCustomer(input: { workspaceId: string; email?: string }): Promise<string> {
  const existing = await db().billingAccount.findUnique({ where: { workspaceId: input.workspaceId }, select: { stripeCustomerId: true } });
  if (existing) return existing.stripeCustomerId;
  const workspace = await db().workspace.findUnique({ where: { id: input.workspaceId }, select: { name: true } });
  if (!workspace) throw new AppError('not_found', 'Workspace not found');
  const customer = await stripe().customers.create(
    { name: workspace.name, ...(input.email ? { email: input.email } : {}), metadata: { workspaceId: input.workspaceId } },
    { idempotencyKey: `cairn-customer-${input.workspaceId}` },
  );
  await db().billingAccount.upsert({
    where: { workspaceId: input.workspaceId },
    create: { workspaceId: input.workspaceId, stripeCustomerId: customer.id },
    update: {},
  });
  const row = await db().billingAccount.findUniqueOrThrow({ where: { workspaceId: input.workspaceId }, select: { stripeCustomerId: true } });
  return row.stripeCustomerId;
}
