import { z } from 'zod';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { requireMembership } from '@/services/workspaces/require-membership';
import { parseOrThrow } from '@/services/validation';
import { METERS } from '@/services/metering/meters';
import { PAID_PLAN_IDS, PLANS } from './plans';
import { STRIPE_SETUP_HELP, stripeSettings } from './stripe-config';
import { stripe } from './stripe-client';
import { ensureStripeCustomer } from './ensure-stripe-customer';
import { hasLiveSubscription } from './subscription-state';

const inputSchema = z.object({
  workspaceId: z.string().min(1),
  actorUserId: z.string().min(1),
  plan: z.enum(PAID_PLAN_IDS, { message: `plan must be one of ${PAID_PLAN_IDS.join(', ')}` }),
});

/**
 * A Stripe Checkout Session that subscribes the workspace to a paid plan (owners and admins).
 * Returns the URL to send the browser to; the plan changes when Stripe confirms (webhooks).
 */
export async function createCheckoutSession(raw: { workspaceId: string; actorUserId: string; plan: string }): Promise<{ url: string }> {
  const input = parseOrThrow(inputSchema, raw);
  const membership = await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  const settings = stripeSettings();
  if (!settings.configured) throw new AppError('unavailable', STRIPE_SETUP_HELP);
  const prices = settings.prices[input.plan];
  if (!prices.base) {
    throw new AppError('unavailable', `The ${PLANS[input.plan].name} plan has no Stripe price yet: set STRIPE_PRICES_${input.plan.toUpperCase()} (base=price_..., one metered price per meter; see docs/billing.md).`);
  }
  const account = await db().billingAccount.findUnique({ where: { workspaceId: input.workspaceId } });
  if (account && hasLiveSubscription(account.subscriptionStatus)) {
    throw new AppError('conflict', 'This workspace already has a subscription: change or cancel it with "Manage billing".');
  }
  const user = await db().user.findUnique({ where: { id: input.actorUserId }, select: { email: true } });
  const customer = await ensureStripeCustomer({ workspaceId: input.workspaceId, ...(user ? { email: user.email } : {}) });
  const base = `${env().PUBLIC_WEB_URL}/dashboard/${encodeURIComponent(input.workspaceId)}/billing`;
  const metadata = { workspaceId: input.workspaceId, plan: input.plan };
  const session = await stripe().checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: input.workspaceId,
    line_items: [
      { price: prices.base, quantity: 1 },
      ...METERS.flatMap((m) => (prices.metered[m] ? [{ price: prices.metered[m] }] : [])),
    ],
    success_url: `${base}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${base}?checkout=cancelled`,
    metadata,
    subscription_data: { metadata },
  });
  if (!session.url) throw new AppError('internal', 'Stripe returned a checkout session without a URL');
  await db().$transaction((tx) =>
    recordAudit(tx, {
      workspaceId: membership.workspaceId,
      action: 'billing.checkout_started',
      targetType: 'subscription',
      actorUserId: input.actorUserId,
      metadata: { plan: input.plan, checkoutSessionId: session.id },
    }),
  );
  return { url: session.url };
}
