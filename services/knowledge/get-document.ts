import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { toDocumentOutput, type DocumentOutput } from './schemas';

/** One document of the workspace with its indexing status; 404 when it is not the workspace's. */
export async function getDocument(workspaceId: string, documentId: string): Promise<DocumentOutput> {
  const row = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } }, omit: { source: true } });
  if (!row) throw notFound('Document');
  return toDocumentOutput(row);
}
