import { handleJob } from '@/services/jobs/define-job';
import { crawlSiteJob } from '@/services/knowledge/jobs';
import { syncCrawlSource } from '@/services/knowledge/sync-crawl-source';

/** Runs crawlSiteJob (contract and what it is for: services/knowledge/jobs.ts). */
export const crawlSiteHandler = handleJob(crawlSiteJob, async ({ workspaceId, sourceId }, { log }) => {
  const report = await syncCrawlSource(workspaceId, sourceId);
  log.info({ workspaceId, sourceId, added: report?.added.length, changed: report?.changed.length, removed: report?.removed.length }, 'site crawled');
});
