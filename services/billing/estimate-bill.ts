import { METERS, type Meter } from '@/services/metering/meters';
import type { Plan } from './plans';

export interface BillLine {
  meter: Meter;
  used: number;
  included: number;
  /** Units beyond the included ones (billed on paid plans; refused on Free). */
  overage: number;
  /** Overage amount in millionths of a US dollar. */
  amountMicros: number;
}

export interface BillEstimate {
  baseCents: number;
  lines: BillLine[];
  /** Base price plus overage, in US cents (overage rounded to the nearest cent, as Stripe does). */
  totalCents: number;
}

/**
 * What the period costs so far under a plan: the base price plus, per meter, the units beyond the
 * included ones at the plan's unit price. Mirrors the graduated Stripe prices (first tier of
 * `included` units at 0, then the unit price); taxes and discounts are Stripe's business.
 */
export function estimateBill(plan: Plan, used: Record<Meter, number>): BillEstimate {
  const lines = METERS.map((meter) => {
    const included = plan.included[meter];
    const overage = Math.max(0, used[meter] - included);
    return { meter, used: used[meter], included, overage, amountMicros: plan.hardCap ? 0 : overage * plan.overageMicrosPerUnit[meter] };
  });
  const overageMicros = lines.reduce((s, l) => s + l.amountMicros, 0);
  return { baseCents: plan.baseCents, lines, totalCents: plan.baseCents + Math.round(overageMicros / 10_000) };
}
