import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { startEmbeddingModel } from '@/services/embeddings/embedding-model';
import type { Logger } from '@/services/logger';
import { env } from '@/services/config/env';
import { bumpKbVersion } from './bump-kb-version';
import { chunkSections, HEADING_SEPARATOR } from './chunk-sections';
import { fetchUrl } from './fetch-url';
import { TOPIC_KEYS } from './front-matter';
import { parseQaPairs } from './parse-document';
import { parseFileIsolated } from './parse-isolated';
import { qaPairSchema, type FileKind } from './schemas';
import type { ParsedDocument } from './sections';
import { storeChunks, type EmbeddedChunk } from './store-chunks';
import { z } from 'zod';

const EMBED_BATCH = 64;
const PROGRESS_EVERY_MS = 250;

export interface IndexResult {
  status: 'ready' | 'failed' | 'gone';
  chunks: number;
  error?: string;
}

/**
 * The indexing job's work for one document: read it (fetch the URL for URL documents), parse it
 * into sections, chunk by headings, embed every chunk, and replace the document's chunks in one
 * transaction that also marks it ready and bumps the knowledge-base version. Progress (0..1) is
 * written as it goes. Files are parsed off this thread under time and memory limits
 * (parse-isolated.ts). Problems with the document itself (unreadable file, over a parse limit,
 * URL refused, no text) mark it failed with a message and are not retried; anything else marks it
 * failed and rethrows so the job is retried.
 */
export async function indexDocument(workspaceId: string, documentId: string, opts: { log?: Logger; allowedUrlRanges?: readonly string[] } = {}): Promise<IndexResult> {
  const doc = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } } });
  if (!doc) return { status: 'gone', chunks: 0 };
  await setProgress(workspaceId, documentId, { status: 'indexing', progress: 0, error: null });
  try {
    let parsed: ParsedDocument;
    let title = doc.title;
    if (doc.kind === 'qa') {
      const pairs = z.array(qaPairSchema).parse(JSON.parse(Buffer.from(doc.source ?? []).toString('utf8')));
      parsed = parseQaPairs(pairs);
    } else if (doc.kind === 'url') {
      const page = await fetchUrl(doc.sourceUrl!, { allowedRanges: opts.allowedUrlRanges ?? env().KB_FETCH_ALLOWED_RANGES });
      parsed = await parseFileIsolated(page.kind, page.bytes);
      // Keep what was fetched: the citation view and a later re-index read it.
      await db().kbDocument.update({
        where: { workspaceId_id: { workspaceId, id: documentId } },
        data: { source: new Uint8Array(page.bytes), contentType: page.contentType, bytes: page.bytes.byteLength },
      });
      if (parsed.title && doc.title === defaultUrlTitle(doc.sourceUrl!)) title = parsed.title.slice(0, 300);
    } else {
      parsed = await parseFileIsolated(doc.kind as FileKind, doc.source ?? new Uint8Array());
    }
    const chunks = chunkSections(parsed.sections, { title });
    if (chunks.length === 0) throw new AppError('bad_request', 'No text was found in this document');
    await setProgress(workspaceId, documentId, { progress: 0.1 });

    const model = await startEmbeddingModel(opts.log);
    const modelTag = `${model.spec.id}@${model.spec.version}`;
    const embedded: EmbeddedChunk[] = [];
    let lastProgress = Date.now();
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      const part = chunks.slice(i, i + EMBED_BATCH);
      // The heading path gives a passage its context ("Returns › Refunds": "they take 5 days").
      const vectors = await model.embed(part.map((c) => embeddingText(title, c.heading, c.text)));
      part.forEach((c, k) => embedded.push({ ...c, idx: i + k, vector: vectors[k]!.embedding }));
      if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await setProgress(workspaceId, documentId, { progress: 0.1 + 0.7 * (embedded.length / chunks.length) });
      }
    }
    await setProgress(workspaceId, documentId, { progress: 0.8 });

    const stored = await db().$transaction(
      async (tx) => {
        await tx.kbChunk.deleteMany({ where: { workspaceId, documentId } });
        await storeChunks(tx, { workspaceId, documentId, title: searchTitle(title, parsed.metadata), model: modelTag }, embedded);
        const { count } = await tx.kbDocument.updateMany({
          where: { workspaceId, id: documentId },
          data: { status: 'ready', progress: 1, chunkCount: embedded.length, error: null, indexedAt: new Date(), updatedAt: new Date(), title },
        });
        if (count === 0) return false;
        await bumpKbVersion(tx, workspaceId);
        return true;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if (!stored) return { status: 'gone', chunks: 0 };
    opts.log?.info({ workspaceId, documentId, chunks: embedded.length }, 'document indexed');
    return { status: 'ready', chunks: embedded.length };
  } catch (err) {
    const known = err instanceof AppError;
    if (isForeignKeyViolation(err)) return { status: 'gone', chunks: 0 }; // deleted while indexing
    const message = known ? err.message : 'Indexing failed because of an internal error; it will be retried';
    if (!known) opts.log?.error({ err, workspaceId, documentId }, 'indexing failed');
    await setProgress(workspaceId, documentId, { status: 'failed', error: message }).catch(() => undefined);
    if (!known) throw err;
    return { status: 'failed', chunks: 0, error: message };
  }
}

export const defaultUrlTitle = (url: string) => new URL(url).hostname + new URL(url).pathname;

/**
 * What is weighed as the title in search (full-text weight A, heading lexemes): the title and the
 * front matter's topic keys (description, tags...), which say what the document is about without
 * being part of its text.
 */
const searchTitle = (title: string, metadata: Record<string, string> | undefined) =>
  [title, ...TOPIC_KEYS.map((k) => metadata?.[k])].filter(Boolean).join(' ');

/** The text embedded for a chunk: title and heading path, then the passage. */
export const embeddingText = (title: string, heading: string, text: string) =>
  [title, ...heading.split(HEADING_SEPARATOR)].filter(Boolean).join('. ') + '. ' + text;

async function setProgress(workspaceId: string, documentId: string, data: { status?: string; progress?: number; error?: string | null }) {
  await db().kbDocument.updateMany({ where: { workspaceId, id: documentId }, data: { ...data, updatedAt: new Date() } });
}

const isForeignKeyViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && /foreign key|KbChunk_workspaceId_documentId_fkey|P2003/.test(String((err as { message?: string }).message) + String((err as { code?: string }).code));
