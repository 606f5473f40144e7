// The webhook allowlist: event type -> its handler. Any other type is acknowledged and ignored.
import type { WebhookHandler } from './types';
import { checkoutSessionCompleted } from './checkout-session-completed';
import { customerSubscriptionCreated } from './customer-subscription-created';
import { customerSubscriptionUpdated } from './customer-subscription-updated';
import { customerSubscriptionDeleted } from './customer-subscription-deleted';
import { invoicePaid } from './invoice-paid';
import { invoicePaymentFailed } from './invoice-payment-failed';

export const WEBHOOK_HANDLERS: Readonly<Record<string, WebhookHandler>> = {
  'checkout.session.completed': checkoutSessionCompleted,
  'customer.subscription.created': customerSubscriptionCreated,
  'customer.subscription.updated': customerSubscriptionUpdated,
  'customer.subscription.deleted': customerSubscriptionDeleted,
  'invoice.paid': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
};
