// The webhook allowlist: event type -> its handler. Any other type is acknowledged and ignored.
import type { WebhookHandler } from './types';
import { checkoutSessionCompleted } from './checkout-session-completed';
import { customerSubscriptionChanged } from './customer-subscription-changed';
import { invoicePaid } from './invoice-paid';
import { invoicePaymentFailed } from './invoice-payment-failed';

export const WEBHOOK_HANDLERS: Readonly<Record<string, WebhookHandler>> = {
  'checkout.session.completed': checkoutSessionCompleted,
  'customer.subscription.created': customerSubscriptionChanged,
  'customer.subscription.updated': customerSubscriptionChanged,
  'customer.subscription.deleted': customerSubscriptionChanged,
  'invoice.paid': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
};
