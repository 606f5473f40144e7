import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { backfillPassageEmbeddings } from '@/services/knowledge/backfill-passage-embeddings';

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
  handler: async (_payload, { log }) => {
    const workspaces = await backfillPassageEmbeddings();
    if (workspaces.length > 0) log.info({ workspaces: workspaces.length }, 'knowledge bases queued for re-embedding');
  },
});
