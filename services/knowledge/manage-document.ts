import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { enqueue } from '@/services/jobs/enqueue';
import { parseOrThrow } from '@/services/validation';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { requireMembership } from '@/services/workspaces/require-membership';
import { z } from 'zod';
import { bumpKbVersion } from './bump-kb-version';
import { editDocumentText } from './edit-document-text';
import { replaceDocument } from './replace-document';
import { toDocumentOutput, visibilitySchema, type DocumentOutput } from './schemas';

// The document page's actions (dashboard): each checks the actor's role (an admin; a stranger
// gets not_found, a member forbidden), then acts and writes its audit line in one transaction.

/** Whose action it is and on what. */
export interface DocumentActor {
  actorUserId: string;
  workspaceId: string;
  documentId: string;
}

const BUSY_STATUSES = ['queued', 'indexing'];

/**
 * Saves an edited document: the text of a Markdown, text or HTML document, or the pairs of a Q&A
 * document. Its passages go at once (the bot stops citing the old text) and it is indexed again.
 */
export async function saveDocumentEdit(
  who: DocumentActor,
  input: { title: string; content: string } | { title: string; pairs: { question: string; answer: string }[] },
): Promise<DocumentOutput> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const audit = { action: 'kb_document.edited' as const, actorUserId: who.actorUserId };
  if ('content' in input) return editDocumentText(who.workspaceId, who.documentId, input, { audit: { ...audit, metadata: { kind: 'text' } } });
  const current = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: who.documentId } }, select: { kind: true } });
  if (!current) throw notFound('Document');
  if (current.kind !== 'qa') throw new AppError('bad_request', 'Only a Q&A document is edited as questions and answers');
  const title = input.title.trim();
  try {
    return await replaceDocument(who.workspaceId, who.documentId, { kind: 'qa', pairs: input.pairs, ...(title ? { title } : {}) }, { audit: { ...audit, metadata: { kind: 'qa', pairs: input.pairs.length } } });
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') throw new AppError('conflict', 'This document is still being indexed; try again when it is ready.');
    throw err;
  }
}

/**
 * Fetches a web-page document again (through the same SSRF guard as when it was added: the
 * indexing job's fetchUrl) and indexes what it finds; its current passages serve until then.
 */
export async function refetchDocument(who: DocumentActor): Promise<void> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const { workspaceId, documentId } = who;
  await db().$transaction(async (tx) => {
    const [doc] = await tx.$queryRaw<{ kind: string; status: string; sourceUrl: string | null }[]>`
      SELECT "kind", "status", "sourceUrl" FROM "KbDocument" WHERE "workspaceId" = ${workspaceId} AND "id" = ${documentId} FOR UPDATE`;
    if (!doc) throw notFound('Document');
    if (doc.kind !== 'url') throw new AppError('bad_request', 'Only a web-page document is fetched again; edit or re-index this one');
    if (BUSY_STATUSES.includes(doc.status)) throw new AppError('conflict', 'This page is already being fetched and indexed.');
    await tx.kbDocument.update({ where: { workspaceId_id: { workspaceId, id: documentId } }, data: { status: 'queued', progress: 0, error: null, updatedAt: new Date() } });
    await recordAudit(tx, { workspaceId, action: 'kb_document.refetched', targetType: 'kb_document', targetId: documentId, actorUserId: who.actorUserId, metadata: { url: doc.sourceUrl } });
    await enqueue(tx, indexDocumentJob, { workspaceId, documentId });
  });
}

const visibilityInput = z.strictObject({ visibility: visibilitySchema });

/**
 * Makes a document public (citations link to it) or private (answers use it, citations name it
 * only, /kb answers 404). The knowledge-base version moves in the same transaction, so every api
 * process reloads its index and the next answer already cites it the new way.
 */
export async function setDocumentVisibility(who: DocumentActor, input: unknown): Promise<DocumentOutput> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const { visibility } = parseOrThrow(visibilityInput, input);
  const { workspaceId, documentId } = who;
  const row = await db().$transaction(async (tx) => {
    const current = await tx.kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } }, select: { visibility: true } });
    if (!current) throw notFound('Document');
    const updated = await tx.kbDocument.update({ where: { workspaceId_id: { workspaceId, id: documentId } }, data: { visibility }, omit: { source: true } });
    if (current.visibility !== visibility) {
      await bumpKbVersion(tx, workspaceId);
      await recordAudit(tx, { workspaceId, action: 'kb_document.visibility_changed', targetType: 'kb_document', targetId: documentId, actorUserId: who.actorUserId, metadata: { from: current.visibility, to: visibility } });
    }
    return updated;
  });
  return toDocumentOutput(row);
}
