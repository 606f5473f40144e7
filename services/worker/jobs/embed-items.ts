import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

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
  handler: async ({ workspaceId, itemIds }, { log }) => {
    // Imported here, not at the top: upsertItems imports this file (to enqueue), and the web and
    // api processes that call it must not load onnxruntime for that.
    const { startEmbeddingModel } = await import('@/services/embeddings/embedding-model');
    const { embedItems } = await import('@/services/embeddings/embed-items');
    const model = await startEmbeddingModel(log);
    const result = await embedItems(workspaceId, itemIds, model);
    log.info({ workspaceId, items: itemIds.length, ...result }, 'items embedded');
  },
});
