import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import { stripe } from '../stripe-client';
import { syncSubscription } from '../sync-subscription';
import { customerIdOf, type WebhookHandler } from './types';
import { subscriptionOfInvoice } from './invoice-subscription';

/**
 * invoice.payment_failed: the dashboard shows a banner asking to update the payment method. The
 * plan stays while Stripe retries (past_due); it falls to Free when the subscription ends.
 */
export const invoicePaymentFailed: WebhookHandler = async (event) => {
  const invoice = await stripe().invoices.retrieve((event.data.object as { id: string }).id);
  const customerId = customerIdOf(invoice.customer);
  if (!customerId) return { outcome: 'no customer' };
  const account = await db().billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { workspaceId: true } });
  if (!account) return { outcome: 'unknown customer' };
  if (invoice.status !== 'paid') {
    await db().$transaction(async (tx) => {
      await tx.billingAccount.update({ where: { workspaceId: account.workspaceId }, data: { paymentFailedAt: new Date(), updatedAt: new Date() } });
      await recordAudit(tx, {
        workspaceId: account.workspaceId,
        action: 'billing.payment_failed',
        targetType: 'subscription',
        ...(invoice.id ? { targetId: invoice.id } : {}),
        metadata: { invoice: invoice.number ?? invoice.id ?? null, amountDue: invoice.amount_due, currency: invoice.currency },
      });
    });
  }
  const subscriptionId = subscriptionOfInvoice(invoice);
  if (subscriptionId) await syncSubscription({ subscriptionId, customerId });
  return { workspaceId: account.workspaceId, outcome: `invoice ${invoice.status}` };
};
