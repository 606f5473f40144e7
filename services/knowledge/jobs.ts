// The knowledge domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Every 5 minutes: workspaces whose knowledge-base passages were embedded by another model than
 * the configured one get a reembed-passages job (one at a time per workspace). Cheap when nothing
 * is stale: one scan of the chunks' model column.
 */
export const backfillPassageEmbeddingsJob = defineJob({
  name: 'backfill-passage-embeddings',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  cron: '*/5 * * * *',
});

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
});

/**
 * Indexes one knowledge-base document (parse, chunk, embed, store); enqueued in the transaction
 * that stores or re-indexes the document. Progress and errors are on the document row.
 */
export const indexDocumentJob = defineJob({
  name: 'index-document',
  payload: z.strictObject({ workspaceId: z.string().min(1), documentId: z.string().min(1) }),
  retry: { limit: 3, delaySeconds: 15, backoff: true },
  // Parsing runs in a worker thread (parse-isolated.ts), so two documents at once cost the event
  // loop little; served in turn per workspace, one workspace's backlog cannot hold another's.
  concurrency: 2,
  fairBy: 'workspaceId',
  expireInSeconds: 30 * 60,
});

/**
 * Re-embeds one workspace's knowledge-base passages with the configured embedding model, then
 * swaps them in all at once (services/knowledge/reembed-passages.ts); enqueued by
 * backfill-passage-embeddings after a model change. Retrieval keeps the old vectors meanwhile.
 * Resumable: vectors already made are kept across retries.
 */
export const reembedPassagesJob = defineJob({
  name: 'reembed-passages',
  payload: z.strictObject({ workspaceId: z.string().min(1) }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  expireInSeconds: 2 * 60 * 60,
});

/** Hourly: queues a crawl of every crawl source whose re-sync interval has passed. */
export const resyncCrawlSourcesJob = defineJob({
  name: 'resync-crawl-sources',
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  cron: '20 * * * *',
});
