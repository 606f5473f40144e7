import type PgBoss from 'pg-boss';
import { env } from '@/services/config/env';
import { createBoss, ensureQueue } from '@/services/jobs/boss';
import { startJobWatchdog } from '@/services/jobs/job-watchdog';
import type { Logger } from '@/services/logger';
import { JOBS } from './registry';

/** Starts pg-boss, registers every job handler and schedule; returns a stop function. */
export async function startWorker(log: Logger, opts: { concurrency?: number } = {}) {
  const boss = createBoss();
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  await boss.start();
  // A job whose worker dies is retried within seconds, not at its expiry (job-watchdog.ts).
  const watchdog = await startJobWatchdog({ connectionString: env().DATABASE_URL, queues: JOBS.map((j) => j.name), intervalSeconds: env().JOB_WATCHDOG_SECONDS, log });
  for (const job of JOBS) {
    await ensureQueue(boss, job);
    const run = async ([raw]: PgBoss.Job<object>[]) => {
      const jobLog = log.child({ job: job.name, jobId: raw!.id });
      const payload = job.payload.parse(raw!.data);
      const started = Date.now();
      const release = await watchdog.hold(raw!.id);
      try {
        await job.handler(payload, { jobId: raw!.id, log: jobLog });
      } finally {
        await release();
      }
      jobLog.info({ ms: Date.now() - started }, 'job done');
    };
    // pg-boss 10 runs one job at a time per work() call: concurrency is several calls.
    for (let i = 0; i < (job.concurrency ?? 1); i++) await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 1 }, run);
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
  log.info({ jobs: JOBS.map((j) => j.name), concurrency: opts.concurrency ?? 1 }, 'worker started');
  return async () => {
    await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    await watchdog.stop();
  };
}
