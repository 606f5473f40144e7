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
const limiters = new Map<string, BurstyRateLimiter>();

function limiterFor(limit: RateLimit): BurstyRateLimiter {
  const id = `${limit.perSecond}:${limit.burst}`;
  let l = limiters.get(id);
  if (!l) {
    l = new BurstyRateLimiter(
      new RateLimiterMemory({ points: Math.max(1, Math.round(limit.perSecond)), duration: 1 }),
      new RateLimiterMemory({ points: Math.max(0, Math.round(limit.burst)), duration: BURST_WINDOW_S, keyPrefix: 'burst' }),
    );
    limiters.set(id, l);
  }
  return l;
}

/** Counts one request of `id` (a key or a workspace, prefixed by the caller) against `limit`. */
export async function consumeRequest(id: string, limit: RateLimit): Promise<RateDecision> {
  const perSecond = Math.max(1, Math.round(limit.perSecond));
  try {
    const res = await limiterFor(limit).consume(id, 1);
    return { allowed: true, limit: perSecond, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
  } catch (rejected) {
    if (!(rejected instanceof RateLimiterRes)) throw rejected;
    return { allowed: false, limit: perSecond, remaining: 0, resetMs: Math.max(rejected.msBeforeNext, 1) };
  }
}

/** Forgets every counter (tests). */
export function resetRateLimits() {
  limiters.clear();
}
