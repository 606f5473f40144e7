import { db } from '@/services/db/client';
import { stripe } from '../stripe-client';
import { syncSubscription } from '../sync-subscription';
import { customerIdOf, type WebhookHandler } from './types';
import { subscriptionOfInvoice } from './invoice-subscription';

/** invoice.paid: payment went through; clear a payment-failed banner and refresh the subscription. */
export const invoicePaid: WebhookHandler = async (event) => {
  const invoice = await stripe().invoices.retrieve((event.data.object as { id: string }).id);
  const customerId = customerIdOf(invoice.customer);
  if (!customerId) return { outcome: 'no customer' };
  const account = await db().billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { workspaceId: true } });
  if (!account) return { outcome: 'unknown customer' };
  if (invoice.status === 'paid') {
    await db().billingAccount.update({ where: { workspaceId: account.workspaceId }, data: { paymentFailedAt: null, updatedAt: new Date() } });
  }
  const subscriptionId = subscriptionOfInvoice(invoice);
  if (subscriptionId) await syncSubscription({ subscriptionId, customerId });
  return { workspaceId: account.workspaceId, outcome: `invoice ${invoice.status}` };
};
