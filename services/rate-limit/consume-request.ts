// Requests per second with a burst, in process memory (rate-limiter-flexible). Each api process
// counts on its own: with N processes behind a balancer a caller gets up to N times the limit,
// unless RATE_LIMIT_MULTIPLIER is set to 1/N (docs/billing.md, "Rate limits").
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BURST_WINDOW_S, type RateLimit } from '@/services/billing/plans';

export interface RateDecision {
  allowed: boolean;
  /** Steady requests per second allowed (X-RateLimit-Limit). */
  limit: number;
  /** Requests left in the current one-second window (X-RateLimit-Remaining). */
  remaining: number;
  /** Milliseconds until the window resets (X-RateLimit-Reset, Retry-After). */
  resetMs: number;
}

// One limiter pair per distinct limit: a plan change moves a key to its new plan's counters.
// Looked up by the limit object first (no string built per request), then by its values.
const byObject = new WeakMap<RateLimit, BurstyRateLimiter>();
const byValue = new Map<string, BurstyRateLimiter>();

function limiterFor(limit: RateLimit): BurstyRateLimiter {
  let l = byObject.get(limit);
  if (l) return l;
  const id = `${limit.perSecond}:${limit.burst}`;
  l = byValue.get(id);
  if (!l) {
    l = new BurstyRateLimiter(
      new RateLimiterMemory({ points: Math.max(1, Math.round(limit.perSecond)), duration: 1 }),
      new RateLimiterMemory({ points: Math.max(0, Math.round(limit.burst)), duration: BURST_WINDOW_S, keyPrefix: 'burst' }),
    );
    byValue.set(id, l);
  }
  byObject.set(limit, l);
  return l;
}

const allowed = (limit: number) => (res: RateLimiterRes): RateDecision => ({ allowed: true, limit, remaining: res.remainingPoints, resetMs: res.msBeforeNext });
const refused = (limit: number) => (rejected: unknown): RateDecision => {
  if (!(rejected instanceof RateLimiterRes)) throw rejected;
  return { allowed: false, limit, remaining: 0, resetMs: Math.max(rejected.msBeforeNext, 1) };
};

/** Counts one request of `id` (a key or a workspace, prefixed by the caller) against `limit`. */
export function consumeRequest(id: string, limit: RateLimit): Promise<RateDecision> {
  const perSecond = Math.max(1, Math.round(limit.perSecond));
  return limiterFor(limit).consume(id, 1).then(allowed(perSecond), refused(perSecond));
}

/** Forgets every counter (tests). */
export function resetRateLimits() {
  byValue.clear();
}
