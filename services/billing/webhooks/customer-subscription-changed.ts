import type Stripe from 'stripe';
import { syncSubscription } from '../sync-subscription';
import { customerIdOf, type WebhookHandler } from './types';

/**
 * customer.subscription.created, .updated and .deleted: whatever the event says, re-read the
 * subscription from Stripe and apply its plan and status (events may arrive out of order).
 */
export const customerSubscriptionChanged: WebhookHandler = async (event) => {
  const sub = event.data.object as Stripe.Subscription;
  const customerId = customerIdOf(sub.customer);
  if (!customerId) return { outcome: 'no customer' };
  const result = await syncSubscription({ subscriptionId: sub.id, customerId });
  if (!result) return { outcome: 'unknown customer' };
  return { workspaceId: result.workspaceId, outcome: result.ignored ? 'not the current subscription' : `plan ${result.plan} (${result.status})` };
};
