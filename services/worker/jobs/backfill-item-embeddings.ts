import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { backfillItemEmbeddings } from '@/services/embeddings/backfill-item-embeddings';

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
  handler: async (_payload, { log }) => {
    const { enqueued, pruned } = await backfillItemEmbeddings();
    if (enqueued > 0 || pruned > 0) log.info({ enqueued, pruned }, 'items queued for embedding; old vectors deleted');
  },
});
