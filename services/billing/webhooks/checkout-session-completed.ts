import type Stripe from 'stripe';
import { applyCheckoutSession } from '../apply-checkout-session';
import type { WebhookHandler } from './types';

/** checkout.session.completed: the customer paid; apply the subscription the session created. */
export const checkoutSessionCompleted: WebhookHandler = async (event) => {
  const given = event.data.object as Stripe.Checkout.Session;
  return applyCheckoutSession({ sessionId: given.id });
};
