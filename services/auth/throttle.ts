// Throttles for the unauthenticated forms (sign-in, sign-up, and password reset when it comes):
//  - FailureThrottle: consecutive failures per key (an email, an IP); past the limit the key is
//    locked, and each further failure locks it again for twice as long, up to a cap. A success
//    resets it. Locks are what stop password guessing; doubling makes a slow attack slower still.
//  - AttemptThrottle: attempts per key in a fixed window (sign-up per IP, reset mails per email).
// Counters live in PostgreSQL (throttle-store.ts), so they hold across processes.
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { AppError } from '@/services/errors/app-error';
import type { ThrottleStore } from './throttle-store';

/** A refusal because of a throttle; `retryAfterMs` says when trying again can succeed. */
export class ThrottledError extends AppError {
  constructor(
    readonly retryAfterMs: number,
    what = 'attempts',
  ) {
    super('rate_limited', `Too many ${what}; try again in ${formatWait(retryAfterMs)}.`);
    this.name = 'ThrottledError';
  }
}

/** "1 minute", "8 minutes": rounded up, so the form never says "0 minutes" or asks too early. */
export function formatWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export interface FailureLimit {
  /** Key namespace, e.g. `signin:account`. */
  name: string;
  /** Failures allowed before the first lock. */
  maxFailures: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** How long failures are remembered, counted from the first one. */
  memorySeconds: number;
}

export interface FailureOutcome {
  /** Consecutive failures counted so far (within memorySeconds). */
  failures: number;
  /** 0, or how long the key is now locked for. */
  lockedForMs: number;
}

export class FailureThrottle {
  private readonly failures: RateLimiterPostgres;
  // A lock is a blocked row of its own: its expiry is the lock's end, whatever the failure count.
  private readonly locks: RateLimiterPostgres;

  constructor(
    private readonly store: ThrottleStore,
    readonly limit: FailureLimit,
  ) {
    this.failures = store.limiter({ keyPrefix: `${limit.name}:fails`, points: limit.maxFailures, durationSeconds: limit.memorySeconds });
    this.locks = store.limiter({ keyPrefix: `${limit.name}:lock`, points: 1, durationSeconds: limit.maxLockSeconds });
  }

  /** 0 when `key` may try, else the milliseconds left on its lock. */
  async lockedForMs(key: string): Promise<number> {
    await this.store.ready();
    const lock = await this.locks.get(key);
    return lock && lock.consumedPoints > 1 ? lock.msBeforeNext : 0;
  }

  /** Counts a failure; the one that reaches the limit, and each one after it, (re)locks the key. */
  async recordFailure(key: string): Promise<FailureOutcome> {
    await this.store.ready();
    const { consumedPoints: failures } = await this.failures.penalty(key, 1);
    const over = failures - this.limit.maxFailures;
    if (over < 0) return { failures, lockedForMs: 0 };
    // 2 ** over with `over` capped, so a long-remembered count cannot overflow to Infinity.
    const seconds = Math.min(this.limit.firstLockSeconds * 2 ** Math.min(over, 30), this.limit.maxLockSeconds);
    await this.locks.block(key, seconds);
    return { failures, lockedForMs: seconds * 1000 };
  }

  /** Forgets the failures and any lock of `key` (after a success). */
  async reset(key: string): Promise<void> {
    await this.store.ready();
    await Promise.all([this.failures.delete(key), this.locks.delete(key)]);
  }
}

export interface AttemptLimit {
  name: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

export class AttemptThrottle {
  private readonly attempts: RateLimiterPostgres;

  constructor(
    private readonly store: ThrottleStore,
    readonly limit: AttemptLimit,
  ) {
    this.attempts = store.limiter({ keyPrefix: `${limit.name}:attempts`, points: limit.points, durationSeconds: limit.windowSeconds });
  }

  /** Counts an attempt; throws ThrottledError when the window's attempts are spent. */
  async consume(key: string, what?: string): Promise<void> {
    if (!(await this.tryConsume(key)).allowed) throw new ThrottledError(await this.retryAfterMs(key), what);
  }

  /** Counts an attempt and says whether it was within the limit (for callers that skip quietly). */
  async tryConsume(key: string): Promise<{ allowed: boolean }> {
    await this.store.ready();
    // penalty, not consume: consume rejects with a RateLimiterRes (not an Error) when over.
    const res = await this.attempts.penalty(key, 1);
    return { allowed: res.consumedPoints <= this.limit.points };
  }

  private async retryAfterMs(key: string): Promise<number> {
    const res = await this.attempts.get(key);
    return res ? res.msBeforeNext : 0;
  }
}

/**
 * The client's address from the request headers, as the key of per-IP throttles. The last
 * X-Forwarded-For entry is the one added by the nearest proxy (Next.js sets the header from the
 * socket when no proxy did); earlier entries are whatever the client claimed. Exposed directly,
 * a client can still vary the header: the per-account lock holds regardless (docs/security.md).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  const ip = forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '').slice(0, 100);
}
