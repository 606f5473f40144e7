import type Stripe from 'stripe';

/** The subscription an invoice bills (API 2025+: under parent.subscription_details). */
export function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === 'string' ? sub : (sub?.id ?? null);
}
