// POST /api/stripe/webhook - Stripe webhook deliveries (signature checked on the raw body; see
// services/billing/handle-stripe-webhook.ts). Outside /dashboard: no session, no proxy.
import { handleStripeWebhook } from '@/services/billing/handle-stripe-webhook';
import { createLogger } from '@/services/logger';

export const dynamic = 'force-dynamic';

let log: ReturnType<typeof createLogger> | undefined;

/** Stripe's events are a few kilobytes; anything near this is not from Stripe. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function POST(request: Request) {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    return Response.json({ error: { code: 'payload_too_large', message: 'Webhook body is larger than 1 MB' } }, { status: 413 });
  }
  // The exact bytes Stripe signed: read as text, never parsed and re-serialised before the check.
  const raw = await request.text();
  log ??= createLogger('web');
  const outcome = await handleStripeWebhook(raw, request.headers.get('stripe-signature'), log);
  return Response.json(outcome.body, { status: outcome.status });
}
