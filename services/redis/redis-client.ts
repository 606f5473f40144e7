// The one Redis connection of a process (REDIS_URL), for state every api process must share
// (rate-limit counters). Unset: no Redis, callers keep their state in process memory.
// No offline queue: while Redis is unreachable a command fails at once instead of waiting, so the
// caller's fallback (the rate limiter's in-memory insurance) answers without adding latency.
import { Redis } from 'ioredis';
import { env } from '@/services/config/env';

let client: Redis | null | undefined;
let lastErrorLogged = 0;

/** The shared client, connecting on first use; null when REDIS_URL is unset. */
export function redisClient(log?: { warn: (obj: object, msg: string) => void }): Redis | null {
  if (client !== undefined) return client;
  const url = env().REDIS_URL;
  if (!url) return (client = null);
  const c = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Reconnect forever, at most every 2 s: Redis coming back restores cluster-wide counting.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  c.on('error', (err: Error) => {
    // One line per 10 s at most: an outage must not flood the log at request rate.
    const now = Date.now();
    if (now - lastErrorLogged < 10_000) return;
    lastErrorLogged = now;
    log?.warn({ err: { message: err.message } }, 'redis unavailable; rate limits fall back to per-process counters');
  });
  return (client = c);
}

/** Closes the connection (shutdown, tests). */
export async function closeRedis(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.quit().catch(() => c.disconnect());
}
