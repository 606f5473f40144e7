// Stripe settings from the environment: whether billing talks to Stripe at all, the Price ids of
// each paid plan and the meter event names. Parsed once; a malformed price list stops the process
// with a message naming the variable (like every other setting).
import { ConfigError, env, type Env } from '@/services/config/env';
import { METERS, type Meter } from '@/services/metering/meters';
import { PAID_PLAN_IDS, type PaidPlanId } from './plans';

export interface PlanPrices {
  /** The monthly base fee (a licensed recurring price, quantity 1). */
  base?: string;
  /** One metered price per meter (graduated: the included units at 0, then the unit price). */
  metered: Partial<Record<Meter, string>>;
}

export interface StripeSettings {
  /** STRIPE_SECRET_KEY is set: customers, checkout, portal, invoices and usage reporting work. */
  configured: boolean;
  webhookSecret?: string;
  prices: Record<PaidPlanId, PlanPrices>;
  meterEventName: (meter: Meter) => string;
}

const PRICE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** `base=price_1,events=price_2` -> PlanPrices; throws ConfigError naming the variable. */
export function parsePlanPrices(variable: string, value: string | undefined): PlanPrices {
  const out: PlanPrices = { metered: {} };
  if (!value?.trim()) return out;
  const problems: string[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, id, ...rest] = part.split('=').map((s) => s.trim());
    if (!key || !id || rest.length > 0 || !PRICE_ID.test(id)) {
      problems.push(`"${part}" is not <name>=<price id>`);
    } else if (key === 'base') {
      out.base = id;
    } else if ((METERS as readonly string[]).includes(key)) {
      out.metered[key as Meter] = id;
    } else {
      problems.push(`"${key}" is not base or a meter (${METERS.join(', ')})`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration (see .env.example):\n  - ${variable}: ${problems.join('; ')}`);
  return out;
}

export function parseStripeSettings(e: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_PRICES_PRO' | 'STRIPE_PRICES_SCALE' | 'STRIPE_METER_EVENT_PREFIX'>): StripeSettings {
  const prices = Object.fromEntries(
    PAID_PLAN_IDS.map((p) => {
      const variable = `STRIPE_PRICES_${p.toUpperCase()}` as 'STRIPE_PRICES_PRO' | 'STRIPE_PRICES_SCALE';
      return [p, parsePlanPrices(variable, e[variable])];
    }),
  ) as Record<PaidPlanId, PlanPrices>;
  return {
    configured: Boolean(e.STRIPE_SECRET_KEY),
    ...(e.STRIPE_WEBHOOK_SECRET ? { webhookSecret: e.STRIPE_WEBHOOK_SECRET } : {}),
    prices,
    meterEventName: (meter) => `${e.STRIPE_METER_EVENT_PREFIX}${meter}`,
  };
}

let cached: StripeSettings | undefined;
export function stripeSettings(): StripeSettings {
  cached ??= parseStripeSettings(env());
  return cached;
}

/** The paid plan whose base price this is (how a subscription read back from Stripe maps to a plan). */
export function planForBasePrice(priceId: string, settings = stripeSettings()): PaidPlanId | null {
  return PAID_PLAN_IDS.find((p) => settings.prices[p].base === priceId) ?? null;
}

/** Why Stripe actions cannot run here, in words an operator can act on. */
export const STRIPE_SETUP_HELP =
  'Stripe is not connected. Set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and the price ids ' +
  '(STRIPE_PRICES_PRO, STRIPE_PRICES_SCALE) in the environment and restart; `npx cairn billing stripe-setup` ' +
  'creates the meters, products and prices in your Stripe account and prints these lines (see docs/billing.md). ' +
  'Until then usage is metered and Free quotas apply.';
