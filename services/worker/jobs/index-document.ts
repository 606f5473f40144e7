import { handleJob } from '@/services/jobs/define-job';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { indexDocument } from '@/services/knowledge/index-document';

/** Runs indexDocumentJob (contract and what it is for: services/knowledge/jobs.ts). */
export const indexDocumentHandler = handleJob(indexDocumentJob, async ({ workspaceId, documentId }, { log }) => {
  await indexDocument(workspaceId, documentId, { log });
});
