import { handleJob } from '@/services/jobs/define-job';
import { reembedPassagesJob } from '@/services/knowledge/jobs';
import { startEmbeddingModel } from '@/services/embeddings/embedding-model';
import { reembedPassages } from '@/services/knowledge/reembed-passages';

/** Runs reembedPassagesJob (contract and what it is for: services/knowledge/jobs.ts). */
export const reembedPassagesHandler = handleJob(reembedPassagesJob, async ({ workspaceId }, { log }) => {
  const model = await startEmbeddingModel(log);
  const result = await reembedPassages(workspaceId, model, { log });
  log.info({ workspaceId, ...result }, 'passages re-embedded');
});
