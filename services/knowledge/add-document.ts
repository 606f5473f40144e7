import type { z } from 'zod';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { enqueue } from '@/services/jobs/enqueue';
import { parseOrThrow } from '@/services/validation';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { frontMatterTitle, splitFrontMatter } from './front-matter';
import { addDocumentSchema, fileKindOf, MAX_DOCUMENT_BYTES, toDocumentOutput, type AddDocumentInput, type DocumentOutput, type DocumentVisibility, type FileKind } from './schemas';

export const newDocumentId = () => `kb_${randomBase62(16)}`;

export interface NewDocument {
  kind: string;
  title: string;
  sourceUrl?: string | null;
  contentType?: string | null;
  source?: Uint8Array | null;
  /** Undefined: the default (public) when adding, unchanged when replacing. */
  visibility?: DocumentVisibility;
}

/** A document's stored columns (shared by adding and editing one). */
export const storedFields = (doc: NewDocument) => ({
  kind: doc.kind,
  title: doc.title,
  sourceUrl: doc.sourceUrl ?? null,
  contentType: doc.contentType ?? null,
  source: doc.source ? new Uint8Array(doc.source) : null,
  bytes: doc.source?.byteLength ?? 0,
  ...(doc.visibility ? { visibility: doc.visibility } : {}),
});

/** Stores the document (status queued) and enqueues its indexing job in the same transaction. */
async function create(workspaceId: string, doc: NewDocument): Promise<DocumentOutput> {
  const id = newDocumentId();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.kbDocument.create({
      data: { workspaceId, id, ...storedFields(doc) },
      omit: { source: true },
    });
    await enqueue(tx, indexDocumentJob, { workspaceId, documentId: id });
    return created;
  });
  return toDocumentOutput(row);
}

/** A document from JSON (text content, a URL to fetch, or Q&A pairs): validated, stored, queued for indexing. */
export async function addDocument(workspaceId: string, input: AddDocumentInput): Promise<DocumentOutput> {
  return create(workspaceId, documentFields(input));
}

/** The stored fields of a JSON document (validated; 400 with paths, 413 over the size limit). */
export function documentFields(input: AddDocumentInput): NewDocument {
  const data = parseOrThrow(addDocumentSchema, input);
  return { ...fieldsOf(data), ...(data.visibility ? { visibility: data.visibility } : {}) };
}

function fieldsOf(data: z.output<typeof addDocumentSchema>): NewDocument {
  switch (data.kind) {
    case 'url':
      return { kind: 'url', title: data.title ?? new URL(data.url).hostname + new URL(data.url).pathname, sourceUrl: data.url };
    case 'qa':
      return {
        kind: 'qa',
        title: data.title ?? (data.pairs.length === 1 ? data.pairs[0]!.question : `${data.pairs.length} questions and answers`),
        contentType: 'application/json',
        source: new TextEncoder().encode(JSON.stringify(data.pairs)),
      };
    default: {
      const bytes = new TextEncoder().encode(data.content);
      if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new AppError('payload_too_large', `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
      // Markdown: a title in its front matter, else its first line of text (never the front matter's "---").
      const found = data.kind === 'markdown' ? splitFrontMatter(data.content) : undefined;
      return { kind: data.kind, title: data.title ?? found?.title ?? firstLine(found?.body ?? data.content), sourceUrl: data.sourceUrl, source: bytes };
    }
  }
}

/** An uploaded file (dashboard upload, or the raw-body API): its kind from the content type or name. */
export async function addFileDocument(
  workspaceId: string,
  file: { bytes: Uint8Array; filename?: string; contentType?: string; title?: string; sourceUrl?: string; kind?: FileKind },
): Promise<DocumentOutput> {
  const kind = file.kind ?? fileKindOf({ filename: file.filename, contentType: file.contentType });
  if (!kind) throw new AppError('unsupported_media_type', 'Unsupported file type: upload Markdown (.md), plain text (.txt), HTML (.html) or PDF (.pdf)');
  if (file.bytes.byteLength === 0) throw new AppError('validation_failed', 'The file is empty', [{ path: 'file', message: 'must not be empty' }]);
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) throw new AppError('payload_too_large', `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  return create(workspaceId, { kind, title: fileTitle(file, kind === 'markdown' ? markdownTitle(file.bytes) : undefined), sourceUrl: file.sourceUrl, contentType: file.contentType, source: file.bytes });
}

/** A file's title: the one given, else the one found in the file (Markdown front matter), else its name without the extension. */
export const fileTitle = (file: { title?: string; filename?: string }, found?: string) =>
  (file.title?.trim() || found || file.filename?.replace(/\.[a-z0-9]+$/i, '') || 'Untitled document').slice(0, 300);

/** The front-matter title of a Markdown file, from its first 64 KB. */
export const markdownTitle = (bytes: Uint8Array) => frontMatterTitle(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)));

function firstLine(content: string) {
  const line = content.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find(Boolean) ?? 'Untitled document';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
