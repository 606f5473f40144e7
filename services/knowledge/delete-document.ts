import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { bumpKbVersion } from './bump-kb-version';

/** Deletes a document and (cascade) all its chunks; the bot stops citing it at once. */
export async function deleteDocument(workspaceId: string, documentId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.kbDocument.deleteMany({ where: { workspaceId, id: documentId } });
    if (count === 0) throw notFound('Document');
    await bumpKbVersion(tx, workspaceId);
  });
}
