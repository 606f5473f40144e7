import type Stripe from 'stripe';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { isPlanId, PAID_PLAN_IDS, type PlanId } from './plans';
import { planForBasePrice } from './stripe-config';
import { stripe } from './stripe-client';
import { hasLiveSubscription } from './subscription-state';
import { notifyBillingChange } from './notify-billing-change';

export interface SyncResult {
  workspaceId: string;
  plan: PlanId;
  previousPlan: string;
  status: string;
  /** The subscription is not the workspace's current one and has ended: nothing changed. */
  ignored?: boolean;
}

const fromEpoch = (s: number | null | undefined) => (typeof s === 'number' ? new Date(s * 1000) : null);

/** The paid plan a subscription is for: its base price, else the plan Cairn put in its metadata. */
function planOfSubscription(sub: Stripe.Subscription): PlanId {
  for (const item of sub.items.data) {
    const plan = planForBasePrice(item.price.id);
    if (plan) return plan;
  }
  const meta = sub.metadata?.plan;
  if (meta && isPlanId(meta) && (PAID_PLAN_IDS as readonly string[]).includes(meta)) return meta;
  throw new AppError('internal', `Subscription ${sub.id} has no base price of a Cairn plan; check STRIPE_PRICES_PRO / STRIPE_PRICES_SCALE`);
}

/**
 * Re-reads a subscription from Stripe (webhook events are only triggers) and applies it to the
 * workspace of its customer: plan, status, period. Runs under a lock on the workspace's billing
 * row, so two deliveries for one workspace apply in turn, each with a fresh read. A plan change is audited and reaches every api process at once (NOTIFY).
 * Returns null for a customer that is not one of Cairn's workspaces.
 */
export async function syncSubscription(input: { subscriptionId: string; customerId: string }): Promise<SyncResult | null> {
  const e = env();
  return db().$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ workspaceId: string }[]>`
        SELECT "workspaceId" FROM "BillingAccount" WHERE "stripeCustomerId" = ${input.customerId} FOR UPDATE`;
      const workspaceId = locked[0]?.workspaceId;
      if (!workspaceId) return null;
      // Read under the lock: the state applied is never older than the one a concurrent delivery applied.
      const sub = await stripe().subscriptions.retrieve(input.subscriptionId);
      const owner = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
      if (owner !== input.customerId) throw new AppError('conflict', `Subscription ${sub.id} belongs to ${owner}, not ${input.customerId}`);
      const account = await tx.billingAccount.findUniqueOrThrow({ where: { workspaceId } });
      const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { plan: true } });
      const live = hasLiveSubscription(sub.status);
      if (!live && account.stripeSubscriptionId && account.stripeSubscriptionId !== sub.id) {
        // An older subscription ended; the workspace's current one stands.
        return { workspaceId, plan: workspace.plan as PlanId, previousPlan: workspace.plan, status: sub.status, ignored: true };
      }
      const plan: PlanId = live ? planOfSubscription(sub) : 'free';
      const item = sub.items.data[0];
      await tx.billingAccount.update({
        where: { workspaceId },
        data: {
          stripeSubscriptionId: sub.id,
          subscriptionStatus: sub.status,
          currentPeriodStart: fromEpoch(item?.current_period_start),
          currentPeriodEnd: fromEpoch(item?.current_period_end),
          cancelAtPeriodEnd: sub.cancel_at_period_end,
          updatedAt: new Date(),
        },
      });
      if (workspace.plan !== plan) {
        await tx.workspace.update({ where: { id: workspaceId }, data: { plan } });
        await recordAudit(tx, {
          workspaceId,
          action: 'billing.plan_changed',
          targetType: 'subscription',
          targetId: sub.id,
          metadata: { from: workspace.plan, to: plan, status: sub.status },
        });
        await notifyBillingChange(tx, workspaceId);
      }
      return { workspaceId, plan, previousPlan: workspace.plan, status: sub.status };
    },
    // Holds the workspace's billing row while Stripe answers (webhooks are few).
    { maxWait: 10_000, timeout: e.STRIPE_TIMEOUT_MS * (e.STRIPE_MAX_NETWORK_RETRIES + 1) * 2 + 5_000 },
  );
}
