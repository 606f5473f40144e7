import type Stripe from 'stripe';
import { syncSubscription } from '../sync-subscription';
import { customerIdOf, type WebhookHandler } from './types';

/** customer.subscription.updated: re-read the subscription and apply its plan and status. */
export const customerSubscriptionUpdated: WebhookHandler = async (event) => {
  const sub = event.data.object as Stripe.Subscription;
  const customerId = customerIdOf(sub.customer);
  if (!customerId) return { outcome: 'no customer' };
  const result = await syncSubscription({ subscriptionId: sub.id, customerId });
  if (!result) return { outcome: 'unknown customer' };
  return { workspaceId: result.workspaceId, outcome: result.ignored ? 'not the current subscription' : `plan ${result.plan} (${result.status})` };
};
