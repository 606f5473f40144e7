import { z } from 'zod';
import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { isEditableKind } from './edit-document-text';
import { qaPairSchema, toDocumentOutput, type DocumentOutput, type QaPair } from './schemas';

export interface IndexedPassage {
  /** The chunk number within the document (0-based; citations link to `#c<idx>`). */
  idx: number;
  /** Heading path, levels joined by " › " (empty before the first heading). */
  heading: string;
  text: string;
}

export interface DocumentDetail {
  document: DocumentOutput;
  /** The passages as indexed, in document order: what retrieval searches and citations quote. */
  passages: IndexedPassage[];
  /** The stored text of a Markdown, text or HTML document (decoded as UTF-8); null otherwise. */
  text: string | null;
  /** The pairs of a Q&A document; null otherwise. */
  pairs: QaPair[] | null;
}

/** A document of the workspace with everything the document page shows; 404 when it is not the workspace's. */
export async function getDocumentDetail(workspaceId: string, documentId: string): Promise<DocumentDetail> {
  const row = await db().kbDocument.findUnique({
    where: { workspaceId_id: { workspaceId, id: documentId } },
    include: { chunks: { orderBy: { idx: 'asc' }, select: { idx: true, heading: true, text: true } } },
  });
  if (!row) throw notFound('Document');
  const { source, chunks, ...rest } = row;
  const bytes = source ?? new Uint8Array();
  // Not fatal: an upload in another encoding still opens, its odd bytes shown as U+FFFD.
  const text = isEditableKind(row.kind) ? new TextDecoder('utf-8').decode(bytes) : null;
  let pairs: QaPair[] | null = null;
  if (row.kind === 'qa') {
    const parsed = z.array(qaPairSchema).safeParse(safeJson(new TextDecoder('utf-8').decode(bytes)));
    pairs = parsed.success ? parsed.data : [];
  }
  return { document: toDocumentOutput(rest), passages: chunks, text, pairs };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
