import { handleJob } from '@/services/jobs/define-job';
import { backfillItemEmbeddingsJob } from '@/services/embeddings/jobs';
import { backfillItemEmbeddings } from '@/services/embeddings/backfill-item-embeddings';

/** Runs backfillItemEmbeddingsJob (contract and what it is for: services/embeddings/jobs.ts). */
export const backfillItemEmbeddingsHandler = handleJob(backfillItemEmbeddingsJob, async (_payload, { log }) => {
  const { enqueued, pruned } = await backfillItemEmbeddings();
  if (enqueued > 0 || pruned > 0) log.info({ enqueued, pruned }, 'items queued for embedding; old vectors deleted');
});
