import { db } from '@/services/db/client';
import { stripe } from './stripe-client';
import { syncSubscription } from './sync-subscription';

const customerIdOf = (c: string | { id: string } | null | undefined) => (typeof c === 'string' ? c : (c?.id ?? null));

/**
 * Applies what a completed Checkout Session bought, read from Stripe: the subscription of the
 * session's customer, to the workspace that owns that customer. Used by the
 * checkout.session.completed webhook and by the success page (so the plan shows at once even
 * when the webhook is still on its way; both paths are idempotent). With `workspaceId`, a session
 * of another workspace changes nothing.
 */
export async function applyCheckoutSession(input: { sessionId: string; workspaceId?: string }): Promise<{ workspaceId?: string; outcome: string }> {
  const session = await stripe().checkout.sessions.retrieve(input.sessionId);
  const customerId = customerIdOf(session.customer);
  if (!customerId) return { outcome: 'no customer' };
  const account = await db().billingAccount.findUnique({ where: { stripeCustomerId: customerId }, select: { workspaceId: true } });
  if (!account) return { outcome: 'unknown customer' };
  // The session was opened for this workspace (client_reference_id); anything else is not ours to apply.
  if ((session.client_reference_id && session.client_reference_id !== account.workspaceId) || (input.workspaceId && input.workspaceId !== account.workspaceId)) {
    return { workspaceId: account.workspaceId, outcome: 'workspace mismatch' };
  }
  const subscriptionId = typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
  if (session.mode !== 'subscription' || session.status !== 'complete' || !subscriptionId) return { workspaceId: account.workspaceId, outcome: 'no subscription' };
  const result = await syncSubscription({ subscriptionId, customerId });
  return { workspaceId: account.workspaceId, outcome: result ? `plan ${result.plan}` : 'unknown customer' };
}
