import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { replaceDocument } from './replace-document';
import { toDocumentOutput, type DocumentOutput } from './schemas';

/** Kinds whose stored source is text a person can edit in a textarea (PDFs, fetched pages and Q&A pairs are not). */
export const EDITABLE_KINDS = ['markdown', 'text', 'html'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
export const isEditableKind = (kind: string): kind is EditableKind => (EDITABLE_KINDS as readonly string[]).includes(kind);

/**
 * Largest text the dashboard edits. A server action's request body is limited to 1 MB by Next.js,
 * so a larger document is replaced through the API or by uploading it again.
 */
export const MAX_EDIT_BYTES = 900 * 1024;

export interface DocumentText {
  document: DocumentOutput;
  /** The stored source decoded as UTF-8; null for kinds that are not edited as text. */
  text: string | null;
}

/** A document of the workspace with the text it was indexed from; 404 when it is not the workspace's. */
export async function getDocumentText(workspaceId: string, documentId: string): Promise<DocumentText> {
  const row = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } } });
  if (!row) throw notFound('Document');
  const { source, ...rest } = row;
  // Not fatal: an upload in another encoding still opens, its odd bytes shown as U+FFFD.
  const text = isEditableKind(row.kind) ? new TextDecoder('utf-8').decode(source ?? new Uint8Array()) : null;
  return { document: toDocumentOutput(rest), text };
}

const FIELD_LABELS: Record<string, string> = { title: 'Title', content: 'Text' };

/**
 * Replaces the text (and title) of a Markdown, text or HTML document from the dashboard: its kind
 * and source URL stay, its passages go at once and it is indexed again (replaceDocument). Errors
 * are worded for a person: which field is wrong, or that the document is still being indexed.
 */
export async function editDocumentText(
  workspaceId: string,
  documentId: string,
  input: { title: string; content: string },
  opts: Parameters<typeof replaceDocument>[3] = {},
): Promise<DocumentOutput> {
  const current = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } }, select: { kind: true, sourceUrl: true } });
  if (!current) throw notFound('Document');
  if (!isEditableKind(current.kind)) {
    throw new AppError('bad_request', 'Only Markdown, text and HTML documents can be edited; re-index a web page, or delete and add a PDF or Q&A pairs again');
  }
  if (!input.content.trim()) throw invalid('content', 'must not be empty');
  if (new TextEncoder().encode(input.content).byteLength > MAX_EDIT_BYTES) {
    throw invalid('content', `must be at most ${MAX_EDIT_BYTES / 1024} KB here; replace a larger document through the API or upload it again`);
  }
  const title = input.title.trim();
  try {
    return await replaceDocument(workspaceId, documentId, {
      kind: current.kind,
      content: input.content,
      ...(title ? { title } : {}),
      ...(current.sourceUrl ? { sourceUrl: current.sourceUrl } : {}),
    }, opts);
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') {
      throw new AppError('conflict', 'This document is still being indexed; try again when it is ready.');
    }
    if (err instanceof AppError && err.code === 'validation_failed' && err.details?.length) {
      const first = err.details[0]!;
      throw invalid(first.path.split('.')[0]!, first.message, err.details);
    }
    throw err;
  }
}

function invalid(path: string, message: string, details = [{ path, message }]) {
  return new AppError('validation_failed', `${FIELD_LABELS[path] ?? path} ${message}`, details);
}
