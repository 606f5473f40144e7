import { handleJob } from '@/services/jobs/define-job';
import { backfillPassageEmbeddingsJob } from '@/services/knowledge/jobs';
import { backfillPassageEmbeddings } from '@/services/knowledge/backfill-passage-embeddings';

/** Runs backfillPassageEmbeddingsJob (contract and what it is for: services/knowledge/jobs.ts). */
export const backfillPassageEmbeddingsHandler = handleJob(backfillPassageEmbeddingsJob, async (_payload, { log }) => {
  const workspaces = await backfillPassageEmbeddings();
  if (workspaces.length > 0) log.info({ workspaces: workspaces.length }, 'knowledge bases queued for re-embedding');
});
