// The embeddings domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Every 5 minutes: items without a vector of the configured embedding model (the model or its
 * version changed, or the item predates embeddings) get embed-items jobs, and workspaces whose
 * items are all re-embedded lose the old model's vectors. Cheap when nothing is missing: one
 * anti-join over live items.
 */
export const backfillItemEmbeddingsJob = defineJob({
  name: 'backfill-item-embeddings',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  cron: '*/5 * * * *',
});

/**
 * (Re-)embeds items whose title or description changed; enqueued by upsertItems in the same
 * transaction as the upsert (and by backfill-item-embeddings for items without a current vector).
 * The payload carries ids only: the handler re-reads the items (latest text, deleted ones skipped),
 * skips unchanged text, and upserts ItemEmbedding. The worker loads the embedding model on the
 * first job (building it when missing).
 */
export const embedItemsJob = defineJob({
  name: 'embed-items',
  payload: z.strictObject({
    workspaceId: z.string().min(1),
    itemIds: z.array(z.string().min(1)).min(1).max(1000),
  }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
});
