import Stripe from 'stripe';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { stripeSettings } from './stripe-config';
import { WEBHOOK_HANDLERS } from './webhooks';

/** Signatures older than this (seconds) are refused: a captured delivery cannot be replayed later. */
export const WEBHOOK_TOLERANCE_S = 300;
/** How long one delivery may work on an event before another may take it over. */
const LEASE_S = 120;

export interface WebhookOutcome {
  status: number;
  body: { received: true; id: string; type: string; outcome: string } | ReturnType<AppError['toBody']>;
}

const fail = (err: AppError): WebhookOutcome => ({ status: err.status, body: err.toBody() });

/**
 * A Stripe webhook delivery: the signature is checked on the raw body (and its timestamp within
 * WEBHOOK_TOLERANCE_S), types outside the allowlist are acknowledged and ignored, and each allowed
 * event is stored by id and processed once: a delivery of an event already processed is
 * acknowledged without work, a failure answers 500 so Stripe retries. Handlers re-read state from
 * Stripe, so the order in which events arrive does not matter.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null, log?: { error: (o: object, m: string) => void }): Promise<WebhookOutcome> {
  const secret = stripeSettings().webhookSecret;
  if (!secret || !stripeSettings().configured) {
    return fail(new AppError('unavailable', 'Stripe webhooks are not configured here: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (see docs/billing.md)'));
  }
  if (!signature) return fail(new AppError('bad_request', 'Missing Stripe-Signature header'));
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_S);
  } catch (err) {
    return fail(new AppError('bad_request', `Webhook signature check failed: ${(err as Error).message}`));
  }
  const handler = WEBHOOK_HANDLERS[event.type];
  if (!handler) return { status: 200, body: { received: true, id: event.id, type: event.type, outcome: 'ignored (not in the allowlist)' } };

  // Store by id, then take a lease unless it is processed or another delivery holds it.
  await db().stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
  const claimed = await db().$queryRaw<{ id: string }[]>`
    UPDATE "StripeEvent" SET "lockedUntil" = now() + make_interval(secs => ${LEASE_S}), "attempts" = "attempts" + 1
    WHERE "id" = ${event.id} AND "processedAt" IS NULL AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
    RETURNING "id"`;
  if (claimed.length === 0) {
    const row = await db().stripeEvent.findUnique({ where: { id: event.id }, select: { processedAt: true } });
    if (row?.processedAt) return { status: 200, body: { received: true, id: event.id, type: event.type, outcome: 'already processed' } };
    return fail(new AppError('conflict', 'This event is being processed by another delivery; retry later'));
  }
  try {
    const result = await handler(event);
    await db().stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date(), lockedUntil: null, lastError: null } });
    return { status: 200, body: { received: true, id: event.id, type: event.type, outcome: result.outcome } };
  } catch (err) {
    log?.error({ err, eventId: event.id, type: event.type }, 'stripe webhook handler failed');
    await db()
      .stripeEvent.update({ where: { id: event.id }, data: { lockedUntil: null, lastError: String((err as Error).message ?? err).slice(0, 1000) } })
      .catch(() => undefined);
    return fail(new AppError('internal', 'Processing the event failed; Stripe will retry it'));
  }
}
