import { recordAudit, type AuditEntry } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { enqueue } from '@/services/jobs/enqueue';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { documentFields, storedFields } from './add-document';
import { bumpKbVersion } from './bump-kb-version';
import { toDocumentOutput, type AddDocumentInput, type DocumentOutput } from './schemas';

/**
 * Edits a document: its new content (same shape as when adding one) replaces the old, its passages
 * are removed in the same transaction (the bot stops citing the old text at once; nothing of it is
 * served while the new text is indexed) and the document is queued for indexing again. A document
 * still being indexed is refused with 409: its indexing job would store passages of the old text.
 * Its version goes up by one; a visibility left out stays as it was. `audit` (a dashboard edit) is
 * recorded in the same transaction.
 */
export async function replaceDocument(
  workspaceId: string,
  documentId: string,
  input: AddDocumentInput,
  opts: { audit?: Omit<AuditEntry, 'workspaceId' | 'targetType' | 'targetId'> } = {},
): Promise<DocumentOutput> {
  const fields = documentFields(input);
  const row = await db().$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status" FROM "KbDocument" WHERE "workspaceId" = ${workspaceId} AND "id" = ${documentId} FOR UPDATE`;
    if (!current) throw notFound('Document');
    if (current.status === 'queued' || current.status === 'indexing') {
      throw new AppError('conflict', 'The document is being indexed; edit it again once its status is ready or failed');
    }
    await tx.kbChunk.deleteMany({ where: { workspaceId, documentId } });
    const updated = await tx.kbDocument.update({
      where: { workspaceId_id: { workspaceId, id: documentId } },
      data: {
        ...storedFields(fields),
        status: 'queued',
        progress: 0,
        chunkCount: 0,
        error: null,
        version: { increment: 1 },
        updatedAt: new Date(),
      },
      omit: { source: true },
    });
    await bumpKbVersion(tx, workspaceId);
    if (opts.audit) await recordAudit(tx, { ...opts.audit, workspaceId, targetType: 'kb_document', targetId: documentId });
    await enqueue(tx, indexDocumentJob, { workspaceId, documentId });
    return updated;
  });
  return toDocumentOutput(row);
}
