import type Stripe from 'stripe';
import { db } from '@/services/db/client';
import { stripe } from '../stripe-client';
import { syncSubscription } from '../sync-subscription';
import { customerIdOf, type WebhookHandler } from './types';

/** checkout.session.completed: the customer paid; apply the subscription the session created. */
export const checkoutSessionCompleted: WebhookHandler = async (event) => {
  const given = event.data.object as Stripe.Checkout.Session;
  const session = await stripe().checkout.sessions.retrieve(given.id);
  const customerId = customerIdOf(session.customer);
  if (!customerId) return { outcome: 'no customer' };
  const account = await db().billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { workspaceId: true } });
  if (!account) return { outcome: 'unknown customer' };
  // The session was opened for this workspace (client_reference_id); anything else is not ours to apply.
  if (session.client_reference_id && session.client_reference_id !== account.workspaceId) return { workspaceId: account.workspaceId, outcome: 'workspace mismatch' };
  const subscriptionId = typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
  if (session.mode !== 'subscription' || !subscriptionId) return { workspaceId: account.workspaceId, outcome: 'no subscription' };
  const result = await syncSubscription({ subscriptionId, customerId });
  return { workspaceId: account.workspaceId, outcome: result ? `plan ${result.plan}` : 'unknown customer' };
};
