// Requests per second with a burst (rate-limiter-flexible). The counters live where limiter-store.ts
// says: Redis with REDIS_URL (cluster-wide), the api cluster's primary, or process memory.
import { RateLimiterRes } from 'rate-limiter-flexible';
import { counter, type Counter } from './limiter-store';
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
// The pair is what rate-limiter-flexible's BurstyRateLimiter combines (steady points per second,
// then a burst budget over BURST_WINDOW_S once those are spent); combined here with one promise
// per request on the common path instead of three (this runs on every API request).
interface LimiterPair {
  steady: Counter;
  burst: Counter;
}
const byObject = new WeakMap<RateLimit, LimiterPair>();
const byValue = new Map<string, LimiterPair>();

function limiterFor(limit: RateLimit): LimiterPair {
  let l = byObject.get(limit);
  if (l) return l;
  const id = `${limit.perSecond}:${limit.burst}`;
  l = byValue.get(id);
  if (!l) {
    l = {
      steady: counter({ name: 'steady', points: Math.max(1, Math.round(limit.perSecond)), duration: 1 }),
      burst: counter({ name: 'burst', points: Math.max(0, Math.round(limit.burst)), duration: BURST_WINDOW_S }),
    };
    byValue.set(id, l);
  }
  byObject.set(limit, l);
  return l;
}

/** Counts one request of `id` (a key or a workspace, prefixed by the caller) against `limit`. */
export function consumeRequest(id: string, limit: RateLimit): Promise<RateDecision> {
  const perSecond = Math.max(1, Math.round(limit.perSecond));
  const { steady, burst } = limiterFor(limit);
  return steady.consume(id).then(
    (res) => ({ allowed: true, limit: perSecond, remaining: res.remainingPoints, resetMs: res.msBeforeNext }),
    (steadyRefusal: unknown) => {
      if (!(steadyRefusal instanceof RateLimiterRes)) throw steadyRefusal;
      // Past the steady rate: the burst budget decides (as BurstyRateLimiter does).
      return burst.consume(id).then(
        (res) => ({ allowed: true, limit: perSecond, remaining: 0, resetMs: Math.min(steadyRefusal.msBeforeNext, res.msBeforeNext) }),
        (burstRefusal: unknown) => {
          if (!(burstRefusal instanceof RateLimiterRes)) throw burstRefusal;
          return { allowed: false, limit: perSecond, remaining: 0, resetMs: Math.max(Math.min(steadyRefusal.msBeforeNext, burstRefusal.msBeforeNext), 1) };
        },
      );
    },
  );
}

/** Forgets every counter (tests). */
export function resetRateLimits() {
  byValue.clear();
}
