import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Indexes one knowledge-base document (parse, chunk, embed, store); enqueued in the transaction
 * that stores or re-indexes the document. Progress and errors are on the document row.
 * The work is imported when the job runs, not with this definition: code that only enqueues the
 * job (the dashboard's server actions) must not pull the embedding model and its 130 MB of GloVe
 * vectors into the web bundle.
 */
export const indexDocumentJob = defineJob({
  name: 'index-document',
  payload: z.strictObject({ workspaceId: z.string().min(1), documentId: z.string().min(1) }),
  retry: { limit: 3, delaySeconds: 15, backoff: true },
  // Parsing runs in a worker thread (parse-isolated.ts), so two documents at once cost the event
  // loop little; served in turn per workspace, one workspace's backlog cannot hold another's.
  concurrency: 2,
  fairBy: 'workspaceId',
  expireInSeconds: 30 * 60,
  handler: async ({ workspaceId, documentId }, { log }) => {
    const { indexDocument } = await import('@/services/knowledge/index-document');
    await indexDocument(workspaceId, documentId, { log });
  },
});
