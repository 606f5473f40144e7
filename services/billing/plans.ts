// The plans Cairn sells, in configuration (prices shown to customers; Stripe Price ids come from
// the environment, see stripe-config.ts). Free: included units per meter and a hard cap. Pro and
// Scale: a monthly base price, included units, then metered overage per unit (no cap).
import { METERS, type Meter } from '@/services/metering/meters';

export const PLAN_IDS = ['free', 'pro', 'scale'] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const PAID_PLAN_IDS = ['pro', 'scale'] as const satisfies readonly PlanId[];
export type PaidPlanId = (typeof PAID_PLAN_IDS)[number];

/** Requests per second with a burst allowance, per API key and per workspace. */
export interface RateLimit {
  /** Steady requests per second. */
  perSecond: number;
  /** Extra requests allowed above the steady rate within any BURST_WINDOW_S seconds. */
  burst: number;
}
export const BURST_WINDOW_S = 10;

export interface Plan {
  id: PlanId;
  name: string;
  /** Monthly base price in US cents. */
  baseCents: number;
  /** Free: usage stops at the included units (429 quota_exceeded). Paid: overage is billed. */
  hardCap: boolean;
  /** Units included per billing period, per meter. */
  included: Record<Meter, number>;
  /** Overage price per unit beyond the included ones, in millionths of a US dollar (0 on Free). */
  overageMicrosPerUnit: Record<Meter, number>;
  rateLimit: { perKey: RateLimit; perWorkspace: RateLimit };
  /**
   * Events are kept this many days after they were received (docs/operations.md, "Event
   * partitions"): partitions past the longest plan's retention are dropped, and the rows of
   * workspaces on shorter ones are deleted in batches (services/event-partitions/).
   */
  eventRetentionDays: number;
}

const noOverage = Object.fromEntries(METERS.map((m) => [m, 0])) as Record<Meter, number>;

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: 'free',
    name: 'Free',
    baseCents: 0,
    hardCap: true,
    // Generous enough to evaluate Cairn for real (a 100k-interaction data set, a full recommendation
    // pass over its users, a sentiment test set), small enough that production traffic needs a plan.
    included: { events: 1_000_000, recommendations: 100_000, chat_messages: 2_000, sentiment_texts: 50_000, embedding_texts: 100_000 },
    overageMicrosPerUnit: noOverage,
    rateLimit: { perKey: { perSecond: 200, burst: 1_000 }, perWorkspace: { perSecond: 400, burst: 2_000 } },
    eventRetentionDays: 90,
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    baseCents: 49_00,
    hardCap: false,
    included: { events: 5_000_000, recommendations: 500_000, chat_messages: 10_000, sentiment_texts: 250_000, embedding_texts: 1_000_000 },
    // $0.05 per 1,000 events, $0.50 per 1,000 recommendations, $0.01 per chat message,
    // $0.20 per 1,000 sentiment texts, $0.02 per 1,000 embedded texts.
    overageMicrosPerUnit: { events: 50, recommendations: 500, chat_messages: 10_000, sentiment_texts: 200, embedding_texts: 20 },
    rateLimit: { perKey: { perSecond: 1_000, burst: 5_000 }, perWorkspace: { perSecond: 2_000, burst: 10_000 } },
    eventRetentionDays: 365,
  },
  scale: {
    id: 'scale',
    name: 'Scale',
    baseCents: 499_00,
    hardCap: false,
    included: { events: 50_000_000, recommendations: 5_000_000, chat_messages: 100_000, sentiment_texts: 2_500_000, embedding_texts: 20_000_000 },
    overageMicrosPerUnit: { events: 30, recommendations: 300, chat_messages: 8_000, sentiment_texts: 120, embedding_texts: 10 },
    rateLimit: { perKey: { perSecond: 4_000, burst: 20_000 }, perWorkspace: { perSecond: 10_000, burst: 50_000 } },
    eventRetentionDays: 730,
  },
};

export const isPlanId = (id: string): id is PlanId => (PLAN_IDS as readonly string[]).includes(id);

/** The plan of a workspace; an unknown plan name (hand-edited row) falls back to Free. */
export const planOf = (id: string): Plan => (isPlanId(id) ? PLANS[id] : PLANS.free);
