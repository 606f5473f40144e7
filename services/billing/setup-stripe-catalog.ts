import Stripe from 'stripe';
import { METER_LABELS, METERS, type Meter } from '@/services/metering/meters';
import { PAID_PLAN_IDS, PLANS, type PaidPlanId } from './plans';

export interface CatalogResult {
  meters: Record<Meter, string>;
  prices: Record<PaidPlanId, Record<'base' | Meter, string>>;
  /** Lines for the environment (.env): STRIPE_PRICES_PRO=..., STRIPE_PRICES_SCALE=... */
  env: string[];
}

/** A price per unit in millionths of a dollar, as Stripe's decimal cents (50 -> "0.005"). */
export const microsToDecimalCents = (micros: number) => (micros / 10_000).toFixed(6).replace(/\.?0+$/, '') || '0';

/**
 * Creates what Cairn's plans need in a Stripe account (run once per account, test mode first):
 * one Billing Meter per Cairn meter (sum of `value`, customer from `stripe_customer_id`), a
 * product per paid plan with its monthly base price, and per meter a graduated metered price
 * (the included units at 0, then the plan's unit price), so Stripe bills exactly the overage of
 * the usage Cairn reports. Returns the ids and the environment lines that select them.
 */
export async function setupStripeCatalog(stripe: Stripe, opts: { eventPrefix: string; currency?: string }): Promise<CatalogResult> {
  const currency = opts.currency ?? 'usd';
  const meters = {} as Record<Meter, string>;
  for (const m of METERS) {
    const meter = await stripe.billing.meters.create({
      display_name: `Cairn ${METER_LABELS[m].toLowerCase()}`,
      event_name: `${opts.eventPrefix}${m}`,
      default_aggregation: { formula: 'sum' },
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    });
    meters[m] = meter.id;
  }
  const prices = {} as CatalogResult['prices'];
  for (const planId of PAID_PLAN_IDS) {
    const plan = PLANS[planId];
    const product = await stripe.products.create({ name: `Cairn ${plan.name}`, metadata: { cairnPlan: planId } });
    const base = await stripe.prices.create({
      product: product.id,
      currency,
      unit_amount: plan.baseCents,
      recurring: { interval: 'month', usage_type: 'licensed' },
      nickname: `${plan.name} base`,
      lookup_key: `cairn_${planId}_base`,
      metadata: { cairnPlan: planId, cairnPrice: 'base' },
    });
    const planPrices = { base: base.id } as Record<'base' | Meter, string>;
    for (const m of METERS) {
      const price = await stripe.prices.create({
        product: product.id,
        currency,
        nickname: `${plan.name} ${m}`,
        lookup_key: `cairn_${planId}_${m}`,
        recurring: { interval: 'month', usage_type: 'metered', meter: meters[m] },
        billing_scheme: 'tiered',
        tiers_mode: 'graduated',
        tiers: [
          { up_to: plan.included[m], unit_amount_decimal: Stripe.Decimal.from('0') },
          { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from(microsToDecimalCents(plan.overageMicrosPerUnit[m])) },
        ],
        metadata: { cairnPlan: planId, cairnPrice: m },
      });
      planPrices[m] = price.id;
    }
    prices[planId] = planPrices;
  }
  const env = PAID_PLAN_IDS.map((p) => `STRIPE_PRICES_${p.toUpperCase()}=${Object.entries(prices[p]).map(([k, v]) => `${k}=${v}`).join(',')}`);
  return { meters, prices, env };
}
