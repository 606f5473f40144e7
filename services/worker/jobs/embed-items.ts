import { handleJob } from '@/services/jobs/define-job';
import { embedItemsJob } from '@/services/embeddings/jobs';
import { startEmbeddingModel } from '@/services/embeddings/embedding-model';
import { embedItems } from '@/services/embeddings/embed-items';

/** Runs embedItemsJob (contract and what it is for: services/embeddings/jobs.ts). */
export const embedItemsHandler = handleJob(embedItemsJob, async ({ workspaceId, itemIds }, { log }) => {
  const model = await startEmbeddingModel(log);
  const result = await embedItems(workspaceId, itemIds, model);
  log.info({ workspaceId, items: itemIds.length, ...result }, 'items embedded');
});
