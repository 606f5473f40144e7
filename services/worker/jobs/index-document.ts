import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { indexDocument } from '@/services/knowledge/index-document';

/**
 * Indexes one knowledge-base document (parse, chunk, embed, store); enqueued in the transaction
 * that stores or re-indexes the document. Progress and errors are on the document row.
 */
export const indexDocumentJob = defineJob({
  name: 'index-document',
  payload: z.strictObject({ workspaceId: z.string().min(1), documentId: z.string().min(1) }),
  retry: { limit: 3, delaySeconds: 15, backoff: true },
  expireInSeconds: 30 * 60,
  handler: async ({ workspaceId, documentId }, { log }) => {
    await indexDocument(workspaceId, documentId, { log });
  },
});
