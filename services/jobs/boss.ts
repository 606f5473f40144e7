import PgBoss from 'pg-boss';
import { env } from '@/services/config/env';
import type { JobContract } from './define-job';

export function createBoss(options: Partial<PgBoss.ConstructorOptions> = {}) {
  const connectionString = options.connectionString ?? env().DATABASE_URL;
  return new PgBoss({ max: 4, application_name: 'cairn-jobs', ...options, connectionString });
}

/** Installs pg-boss's schema and one queue per job; idempotent (run by `cairn migrate`). */
export async function installQueues(jobs: readonly JobContract[], connectionString = env().DATABASE_URL) {
  const boss = createBoss({ connectionString, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const job of jobs) await ensureQueue(boss, job);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export async function ensureQueue(boss: PgBoss, job: JobContract) {
  const options = {
    name: job.name,
    retryLimit: job.retry.limit,
    retryDelay: job.retry.delaySeconds,
    retryBackoff: job.retry.backoff,
    ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}),
  };
  if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, options);
  else await boss.createQueue(job.name, options);
}
