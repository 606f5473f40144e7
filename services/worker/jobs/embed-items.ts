import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * (Re-)embeds items whose title or description changed; enqueued by upsertItems in the same
 * transaction as the upsert. NOT IMPLEMENTED YET: the embedding model arrives with the ML issue.
 * Until then the handler only logs and completes, so no item embedding is computed or stored.
 * The payload carries ids only: the handler must re-read the items (latest text, skip deleted).
 */
export const embedItemsJob = defineJob({
  name: 'embed-items',
  payload: z.strictObject({
    workspaceId: z.string().min(1),
    itemIds: z.array(z.string().min(1)).min(1).max(1000),
  }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  handler: async ({ workspaceId, itemIds }, { log }) => {
    log.info({ workspaceId, items: itemIds.length }, 'embed-items: no embedding model yet (ML issue); nothing embedded');
  },
});
