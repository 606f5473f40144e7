// The api as `cairn start` runs it: API_PROCESSES processes (default: one per core) behind one port,
// with node:cluster. The primary only accepts connections and hands them round-robin to its
// workers (each one services/api/main.ts), restarts a worker that dies, and holds the rate-limit
// counters the workers share when there is no REDIS_URL (RateLimiterClusterMaster, over IPC).
// One process: main.ts runs here directly, no primary in between. Workers run this same file (the
// node:cluster default), from sources through tsx or from the server build alike.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import pino from 'pino';
import { env } from '@/services/config/env';
import { RateLimiterClusterMaster } from '@/services/rate-limit/limiter-store';

const e = env();
const count = e.API_PROCESSES ?? os.availableParallelism();

if (count === 1 || cluster.isWorker) {
  await import('./main');
} else {
  const log = pino({ level: e.LOG_LEVEL, base: { service: 'api-primary', pid: process.pid } });
  // Every request counter lives here unless Redis holds them (limiter-store.ts).
  if (!e.REDIS_URL) new RateLimiterClusterMaster();
  // Round-robin everywhere (Windows defaults to letting the OS pick, which balances poorly).
  cluster.schedulingPolicy = cluster.SCHED_RR;
  // The same flags (`--import tsx`, or `--enable-source-maps` for the build) and this same file.
  cluster.setupPrimary({ execArgv: process.execArgv });

  let stopping = false;
  const crashes: number[] = [];
  const fork = () => {
    const w: Worker = cluster.fork();
    w.once('online', () => log.info({ worker: w.process.pid }, 'api process started'));
  };
  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that keeps dying at once (bad config) must not be forked in a tight loop.
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0]! < now - 60_000) crashes.shift();
    const delay = crashes.length > count * 3 ? 5_000 : 100;
    log.warn({ worker: w.process.pid, code, signal, restartInMs: delay }, 'api process died; starting another');
    setTimeout(() => !stopping && fork(), delay);
  });
  for (let i = 0; i < count; i++) fork();
  log.info({ processes: count, port: e.API_PORT }, 'api cluster started');

  // SIGTERM/SIGINT, or `cairn start` gone (its ipc channel closes): each worker shuts down cleanly
  // (services/process/shutdown.ts), then the primary exits; 20 s at most.
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping api processes');
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop('parent gone'));
}
