'use server';

import { redirect } from 'next/navigation';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createCheckoutSession } from '@/services/billing/create-checkout-session';
import { createPortalSession } from '@/services/billing/create-portal-session';
import { recordMemberChange } from '@/services/audit/record-member-change';

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
  // Plan changes and cancellations made in the portal reach the audit log through the webhooks
  // (billing.plan_changed); this line says who opened it.
  const result = await runAction(async () => {
    const session = await createPortalSession({ workspaceId, actorUserId });
    await recordMemberChange({ workspaceId, action: 'billing.portal_opened', targetType: 'subscription', actorUserId });
    return session;
  });
  if (result.ok && result.data) redirect(result.data.url);
  return result.ok ? { ok: true } : result;
}
