import { db } from '@/services/db/client';
import { toDocumentOutput, type DocumentOutput } from './schemas';

/** The workspace's documents, newest first, with their indexing status (at most 500). */
export async function listDocuments(workspaceId: string): Promise<DocumentOutput[]> {
  const rows = await db().kbDocument.findMany({ where: { workspaceId }, omit: { source: true }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 500 });
  return rows.map(toDocumentOutput);
}

