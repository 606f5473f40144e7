// `cairn billing stripe-setup`: creates meters, products and graduated prices matching the plans
// in a Stripe account (here the fake), and prints env lines the configuration accepts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { createStripeClient } from '@/services/billing/stripe-client';
import { microsToDecimalCents, setupStripeCatalog } from '@/services/billing/setup-stripe-catalog';
import { parseStripeSettings } from '@/services/billing/stripe-config';
import { PLANS } from '@/services/billing/plans';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake?.close());

it('converts unit prices to Stripe decimal cents', () => {
  expect(microsToDecimalCents(50)).toBe('0.005');
  expect(microsToDecimalCents(10_000)).toBe('1');
  expect(microsToDecimalCents(8_000)).toBe('0.8');
  expect(microsToDecimalCents(0)).toBe('0');
});

it('creates one meter per Cairn meter and, per paid plan, a base price and graduated metered prices', async () => {
  const stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 2000, maxNetworkRetries: 0 });
  const result = await setupStripeCatalog(stripe, { eventPrefix: 'cairn_' });
  expect([...fake.meters.values()].map((m) => m.event_name).sort()).toEqual(['cairn_chat_messages', 'cairn_embedding_texts', 'cairn_events', 'cairn_recommendations', 'cairn_sentiment_texts']);
  expect(fake.products.size).toBe(2);
  expect(fake.prices.size).toBe(12);
  const proEvents = fake.requests.find((r) => r.path === '/v1/prices' && r.body.lookup_key === 'cairn_pro_events')!.body;
  expect(proEvents).toMatchObject({
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    recurring: { interval: 'month', usage_type: 'metered', meter: result.meters.events },
    tiers: [
      { up_to: String(PLANS.pro.included.events), unit_amount_decimal: '0' },
      { up_to: 'inf', unit_amount_decimal: '0.005' },
    ],
  });
  const scaleBase = fake.requests.find((r) => r.path === '/v1/prices' && r.body.lookup_key === 'cairn_scale_base')!.body;
  expect(scaleBase).toMatchObject({ unit_amount: '49900', currency: 'usd', recurring: { interval: 'month', usage_type: 'licensed' } });

  const vars = Object.fromEntries(result.env.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const settings = parseStripeSettings({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: undefined, STRIPE_PRICES_PRO: vars.STRIPE_PRICES_PRO, STRIPE_PRICES_SCALE: vars.STRIPE_PRICES_SCALE, STRIPE_METER_EVENT_PREFIX: 'cairn_' });
  expect(settings.prices.pro.base).toBe(result.prices.pro.base);
  expect(settings.prices.scale.metered.embedding_texts).toBe(result.prices.scale.embedding_texts);
});

it('refuses malformed price lists with a message naming the variable', () => {
  expect(() => parseStripeSettings({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_PRICES_PRO: 'base=price_1,widgets=price_2,oops', STRIPE_PRICES_SCALE: undefined, STRIPE_METER_EVENT_PREFIX: 'cairn_' })).toThrow(
    /STRIPE_PRICES_PRO: "widgets" is not base or a meter .*; "oops" is not <name>=<price id>/,
  );
});
