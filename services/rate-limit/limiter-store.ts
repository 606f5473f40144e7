// Where the request counters live, chosen once per process:
//  - REDIS_URL set: Redis (rate-limiter-flexible's RateLimiterRedis), shared by every api process of
//    every machine, so a key's limit holds cluster-wide.
//  - a node:cluster worker (`cairn start` with API_PROCESSES > 1, no Redis): the cluster primary's
//    memory through IPC (RateLimiterCluster), shared by the processes of this machine.
//  - otherwise: this process's memory.
// When the shared store cannot answer (Redis down, primary not answering in time) the request is
// counted in process memory instead: the limit then holds per process (fail-open to local limits,
// never unlimited, never an outage of the API because Redis is down). docs/operations.md, "Scaling out".
import cluster from 'node:cluster';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { redisClient } from '@/services/redis/redis-client';

export type StoreKind = 'redis' | 'cluster' | 'memory';

export function storeKind(): StoreKind {
  if (redisClient()) return 'redis';
  return cluster.isWorker ? 'cluster' : 'memory';
}

/** Counts against `points` per `duration` seconds; rejects only with a RateLimiterRes (over the limit). */
export interface Counter {
  consume(key: string): Promise<RateLimiterRes>;
}

// Master side of RateLimiterCluster: in the primary of `cairn start`'s api cluster (api-cluster.ts).
export { RateLimiterClusterMaster } from 'rate-limiter-flexible';

export function counter(opts: { name: string; points: number; duration: number }): Counter {
  const memory = new RateLimiterMemory({ points: opts.points, duration: opts.duration, keyPrefix: opts.name });
  const kind = storeKind();
  let shared: RateLimiterAbstract | undefined;
  if (kind === 'redis') {
    // One key space per counter name, whatever the plan: a plan change keeps the counts so far.
    shared = new RateLimiterRedis({
      storeClient: redisClient()!,
      points: opts.points,
      duration: opts.duration,
      keyPrefix: `cairn:rl:${opts.name}`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  } else if (kind === 'cluster') {
    // The primary keeps one memory limiter per prefix with the first options it sees: one prefix per limit.
    shared = new RateLimiterCluster({ points: opts.points, duration: opts.duration, keyPrefix: `${opts.name}:${opts.points}`, timeoutMs: 500 });
  }
  if (!shared) return memory;
  const store = shared;
  return {
    consume: (key) =>
      store.consume(key, 1).catch((err: unknown) => {
        if (err instanceof RateLimiterRes) throw err;
        return memory.consume(key, 1); // the shared store failed: count locally
      }),
  };
}
