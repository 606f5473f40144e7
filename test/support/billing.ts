// Helpers for billing tests: a workspace with a Stripe customer at the fake, and signed deliveries
// of the fake's events straight into the webhook service.
import Stripe from 'stripe';
import { handleStripeWebhook } from '@/services/billing/handle-stripe-webhook';
import type { FakeStripe, FakeStripeEvent } from '@/test/support/fake-stripe';

/** Price ids the tests configure (STRIPE_PRICES_*); the fake accepts any id. */
export const TEST_PRICES = {
  pro: { base: 'price_pro_base', events: 'price_pro_events', embedding_texts: 'price_pro_embeddings' },
  scale: { base: 'price_scale_base', events: 'price_scale_events' },
};

/** Environment for Stripe against the fake (set before the first env() call of the process). */
export function stripeTestEnv(fake: Pick<FakeStripe, 'secretKey' | 'url' | 'webhookSecret'>): Record<string, string> {
  const list = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',');
  return {
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
    STRIPE_API_BASE: fake.url,
    STRIPE_PRICES_PRO: list(TEST_PRICES.pro),
    STRIPE_PRICES_SCALE: list(TEST_PRICES.scale),
    STRIPE_TIMEOUT_MS: '1500',
    STRIPE_MAX_NETWORK_RETRIES: '1',
  };
}

/** Signs an event like Stripe does and hands it to the webhook service (as the route does). */
export async function deliver(fake: FakeStripe, event: FakeStripeEvent, opts: { timestamp?: number; secret?: string; tamper?: (s: string) => string } = {}) {
  const payload = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? fake.webhookSecret, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return handleStripeWebhook(opts.tamper ? opts.tamper(payload) : payload, header);
}
