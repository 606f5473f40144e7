import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/** Hourly: queues a crawl of every crawl source whose re-sync interval has passed. */
export const resyncCrawlSourcesJob = defineJob({
  name: 'resync-crawl-sources',
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  cron: '20 * * * *',
  handler: async (_payload, { log }) => {
    const { queueDueCrawls } = await import('@/services/knowledge/crawl-sources');
    const queued = await queueDueCrawls();
    log.info({ queued }, 'crawl re-syncs queued');
  },
});
