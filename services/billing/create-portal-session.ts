import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { requireMembership } from '@/services/workspaces/require-membership';
import { STRIPE_SETUP_HELP, stripeSettings } from './stripe-config';
import { stripe } from './stripe-client';

/** A Stripe Customer Portal session (payment methods, invoices, plan changes, cancellation). */
export async function createPortalSession(input: { workspaceId: string; actorUserId: string }): Promise<{ url: string }> {
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  if (!stripeSettings().configured) throw new AppError('unavailable', STRIPE_SETUP_HELP);
  const account = await db().billingAccount.findUnique({ where: { workspaceId: input.workspaceId }, select: { stripeCustomerId: true } });
  if (!account) throw new AppError('conflict', 'This workspace has no Stripe customer yet: choose a plan first.');
  const session = await stripe().billingPortal.sessions.create({
    customer: account.stripeCustomerId,
    return_url: `${env().PUBLIC_WEB_URL}/dashboard/${encodeURIComponent(input.workspaceId)}/billing`,
  });
  return { url: session.url };
}
