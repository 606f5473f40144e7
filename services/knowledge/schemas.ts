import { z } from 'zod';
import { httpUrl, safeText } from '@/services/validation';

export const DOCUMENT_KINDS = ['markdown', 'text', 'html', 'pdf', 'url', 'qa'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Kinds whose content is a file's bytes (uploads, and the page a URL document fetched). */
export const FILE_KINDS = ['markdown', 'text', 'html', 'pdf'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const DOCUMENT_STATUSES = ['queued', 'indexing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Largest file accepted (an upload, or a page fetched for a URL document). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_QA_PAIRS = 500;
export const MAX_TITLE_CHARS = 300;

/** public: citations link to the document; private: used for answers, cited by title only, never served. */
export const DOCUMENT_VISIBILITIES = ['public', 'private'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];
export const visibilitySchema = z
  .enum(DOCUMENT_VISIBILITIES)
  .describe('public (the default when adding): citations link to the document; private: used for answers, cited by title only, never served. Omitted on PUT: unchanged');

/** File name extension or content type -> the parser to use; undefined when unsupported. */
export function fileKindOf(hint: { filename?: string | null; contentType?: string | null }): FileKind | undefined {
  const type = (hint.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  const ext = /\.([a-z0-9]+)$/i.exec(hint.filename ?? '')?.[1]?.toLowerCase();
  if (ext === 'pdf') return 'pdf';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx') return 'markdown';
  if (ext === 'txt' || ext === 'text') return 'text';
  if (type === 'text/plain') return 'text';
  return undefined;
}

export const qaPairSchema = z.strictObject({
  question: safeText(1000).pipe(z.string().trim().min(1, 'must not be empty')),
  answer: safeText(10_000).pipe(z.string().trim().min(1, 'must not be empty')),
});
export type QaPair = z.output<typeof qaPairSchema>;

const titleSchema = safeText(MAX_TITLE_CHARS).pipe(z.string().trim().min(1, 'must not be empty'));

/** A new document, as the API (JSON body) and the dashboard describe it. */
export const addDocumentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(['markdown', 'text', 'html']),
    title: titleSchema.optional(),
    content: safeText(MAX_DOCUMENT_BYTES).pipe(z.string().min(1, 'must not be empty')),
    sourceUrl: httpUrl().optional().describe('Where the document lives on your site: citations link there'),
    visibility: visibilitySchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('url'),
    title: titleSchema.optional(),
    url: httpUrl(),
    visibility: visibilitySchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('qa'),
    title: titleSchema.optional(),
    pairs: z.array(qaPairSchema).min(1, 'must hold at least one pair').max(MAX_QA_PAIRS, `must hold at most ${MAX_QA_PAIRS} pairs`),
    visibility: visibilitySchema.optional(),
  }),
]);
export type AddDocumentInput = z.input<typeof addDocumentSchema>;

export const documentSchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  sourceUrl: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  progress: z.number().describe('0 to 1 while indexing'),
  chunks: z.number().int(),
  bytes: z.number().int(),
  error: z.string().nullable(),
  visibility: z.enum(DOCUMENT_VISIBILITIES),
  version: z.number().int().describe('1 when added, +1 on every edit'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  indexedAt: z.iso.datetime().nullable(),
});
export type DocumentOutput = z.output<typeof documentSchema>;

export function toDocumentOutput(row: {
  id: string;
  kind: string;
  title: string;
  sourceUrl: string | null;
  status: string;
  progress: number;
  chunkCount: number;
  bytes: number;
  error: string | null;
  visibility: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  indexedAt: Date | null;
}): DocumentOutput {
  return {
    id: row.id,
    kind: row.kind as DocumentKind,
    title: row.title,
    sourceUrl: row.sourceUrl,
    status: row.status as DocumentStatus,
    progress: row.progress,
    chunks: row.chunkCount,
    bytes: row.bytes,
    error: row.error,
    visibility: row.visibility === 'private' ? 'private' : 'public',
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    indexedAt: row.indexedAt?.toISOString() ?? null,
  };
}
