import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Crawls one knowledge-base crawl source and syncs its documents (added, changed, removed pages);
 * enqueued when the source is added, by "Sync now" and by the hourly re-sync schedule.
 */
export const crawlSiteJob = defineJob({
  name: 'crawl-site',
  payload: z.strictObject({ workspaceId: z.string().min(1), sourceId: z.string().min(1) }),
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  concurrency: 1,
  fairBy: 'workspaceId',
  expireInSeconds: 60 * 60,
  handler: async ({ workspaceId, sourceId }, { log }) => {
    const { syncCrawlSource } = await import('@/services/knowledge/sync-crawl-source');
    const report = await syncCrawlSource(workspaceId, sourceId);
    log.info({ workspaceId, sourceId, added: report?.added.length, changed: report?.changed.length, removed: report?.removed.length }, 'site crawled');
  },
});
