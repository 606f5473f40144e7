import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

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
  handler: async ({ workspaceId }, { log }) => {
    // Imported when the job runs: the backfill that enqueues it must not load onnxruntime.
    const { startEmbeddingModel } = await import('@/services/embeddings/embedding-model');
    const { reembedPassages } = await import('@/services/knowledge/reembed-passages');
    const model = await startEmbeddingModel(log);
    const result = await reembedPassages(workspaceId, model, { log });
    log.info({ workspaceId, ...result }, 'passages re-embedded');
  },
});
