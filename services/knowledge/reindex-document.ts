import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { enqueue } from '@/services/jobs/enqueue';
import { indexDocumentJob } from '@/services/knowledge/jobs';

/** Queues a document for indexing again (a failed URL fetched later, a model change). */
export async function reindexDocument(workspaceId: string, documentId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.kbDocument.updateMany({ where: { workspaceId, id: documentId }, data: { status: 'queued', progress: 0, error: null, updatedAt: new Date() } });
    if (count === 0) throw notFound('Document');
    await enqueue(tx, indexDocumentJob, { workspaceId, documentId });
  });
}
