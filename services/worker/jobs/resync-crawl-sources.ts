import { handleJob } from '@/services/jobs/define-job';
import { resyncCrawlSourcesJob } from '@/services/knowledge/jobs';
import { queueDueCrawls } from '@/services/knowledge/crawl-sources';

/** Runs resyncCrawlSourcesJob (contract and what it is for: services/knowledge/jobs.ts). */
export const resyncCrawlSourcesHandler = handleJob(resyncCrawlSourcesJob, async (_payload, { log }) => {
  const queued = await queueDueCrawls();
  log.info({ queued }, 'crawl re-syncs queued');
});
