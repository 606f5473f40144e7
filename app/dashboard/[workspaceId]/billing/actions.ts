'use server';

import { redirect } from 'next/navigation';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createCheckoutSession } from '@/services/billing/create-checkout-session';
import { createPortalSession } from '@/services/billing/create-portal-session';

/** Upgrade: a Stripe Checkout Session for the plan, then the browser goes to Stripe. */
export async function startCheckoutAction(workspaceId: string, plan: string): Promise<ActionResult> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => createCheckoutSession({ workspaceId, actorUserId, plan }));
  if (result.ok && result.data) redirect(result.data.url);
  return result.ok ? { ok: true } : result;
}

/** Manage: Stripe's Customer Portal (payment methods, invoices, plan changes, cancellation). */
export async function openPortalAction(workspaceId: string): Promise<ActionResult> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => createPortalSession({ workspaceId, actorUserId }));
  if (result.ok && result.data) redirect(result.data.url);
  return result.ok ? { ok: true } : result;
}
