import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { getUsageSummary, type UsageSummary } from '@/services/metering/get-usage-summary';
import { billingPeriod } from './billing-period';
import { estimateBill, type BillEstimate } from './estimate-bill';
import { getUsageReconciliation, type Reconciliation } from './get-usage-reconciliation';
import { PAID_PLAN_IDS, planOf, type PaidPlanId, type Plan } from './plans';
import { stripeSettings } from './stripe-config';

export interface BillingOverview {
  plan: Plan;
  account: {
    hasCustomer: boolean;
    subscriptionStatus: string | null;
    cancelAtPeriodEnd: boolean;
    paymentFailedAt: Date | null;
  };
  period: { start: Date; end: Date; source: 'subscription' | 'calendar month' };
  usage: UsageSummary;
  estimate: BillEstimate;
  reconciliation: Reconciliation;
  stripe: { configured: boolean; webhooks: boolean; purchasable: PaidPlanId[] };
}

/** Everything the billing page shows, read in one go (the caller checks the role). */
export async function getBillingOverview(workspaceId: string): Promise<BillingOverview> {
  const workspace = await db().workspace.findUnique({ where: { id: workspaceId }, include: { billingAccount: true } });
  if (!workspace) throw new AppError('not_found', 'Workspace not found');
  const plan = planOf(workspace.plan);
  const account = workspace.billingAccount;
  const period = billingPeriod(account, plan.id);
  const [usage, reconciliation] = await Promise.all([getUsageSummary(workspaceId, period), getUsageReconciliation(workspaceId, period)]);
  const settings = stripeSettings();
  return {
    plan,
    account: {
      hasCustomer: Boolean(account),
      subscriptionStatus: account?.subscriptionStatus ?? null,
      cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
      paymentFailedAt: account?.paymentFailedAt ?? null,
    },
    period,
    usage,
    estimate: estimateBill(plan, usage.meters),
    reconciliation,
    stripe: {
      configured: settings.configured,
      webhooks: Boolean(settings.webhookSecret),
      purchasable: PAID_PLAN_IDS.filter((p) => Boolean(settings.prices[p].base)),
    },
  };
}
