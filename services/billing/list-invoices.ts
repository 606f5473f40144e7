import { db } from '@/services/db/client';
import { stripeSettings } from './stripe-config';
import { stripe } from './stripe-client';

export interface InvoiceRow {
  id: string;
  number: string | null;
  status: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  created: Date;
  hostedUrl: string | null;
  pdfUrl: string | null;
}

/**
 * The workspace's latest invoices, read live from Stripe (Stripe is their record). An unreachable
 * Stripe gives an error message for the page instead of failing it.
 */
export async function listInvoices(workspaceId: string, limit = 12): Promise<{ invoices: InvoiceRow[]; error?: string }> {
  if (!stripeSettings().configured) return { invoices: [] };
  const account = await db().billingAccount.findUnique({ where: { workspaceId }, select: { stripeCustomerId: true } });
  if (!account) return { invoices: [] };
  try {
    const list = await stripe().invoices.list({ customer: account.stripeCustomerId, limit });
    return {
      invoices: list.data.map((i) => ({
        id: i.id ?? '',
        number: i.number,
        status: i.status,
        amountDue: i.amount_due,
        amountPaid: i.amount_paid,
        currency: i.currency,
        created: new Date(i.created * 1000),
        hostedUrl: i.hosted_invoice_url ?? null,
        pdfUrl: i.invoice_pdf ?? null,
      })),
    };
  } catch (err) {
    return { invoices: [], error: `Invoices could not be loaded from Stripe: ${(err as Error).message}` };
  }
}
