import { createReadStream } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { enqueueOn, pgClientRunner } from '@/services/jobs/enqueue';
import { concurrencySlots, type ConcurrencySlots } from '@/services/rate-limit/concurrency-slots';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { addFileDocument, fileTitle, markdownTitle, newDocumentId } from './add-document';
import { receiveToFile, tooLarge } from './receive-upload';
import { fileKindOf, MAX_DOCUMENT_BYTES, toDocumentOutput, type DocumentOutput } from './schemas';

/** Bodies up to this size (declared by Content-Length) are not counted against the upload caps. */
export const SMALL_UPLOAD_BYTES = 1024 * 1024;
/** What a refused upload is told to wait: about how long a 10 MB upload holds its slot. */
const RETRY_AFTER_S = 2;
/** Bytes per database write while the file is copied in: the most of it the api holds at once. */
const WRITE_CHUNK_BYTES = 256 * 1024;

let slots: ConcurrencySlots | undefined;
const uploadSlots = () =>
  (slots ??= concurrencySlots({ perProcess: env().UPLOAD_CONCURRENCY_PER_PROCESS, perKey: env().UPLOAD_CONCURRENCY_PER_WORKSPACE }));

export interface Upload {
  body: Readable | undefined;
  contentType?: string;
  /** The Content-Length header, when the client sent one. */
  declaredBytes?: number;
  filename?: string;
  title?: string;
  sourceUrl?: string;
}

/**
 * A file sent as a raw request body (POST /v1/knowledge/files), stored without ever holding the
 * whole body: it is spooled to a temporary file as it arrives (refused at 413 as soon as it passes
 * 10 MB), then copied into the document row in 256 KB pieces, in the transaction that enqueues its
 * indexing job, so a 202 always means a stored document and a queued job. Large bodies take one of
 * a few slots per process and per workspace; without one the caller gets 429 and Retry-After
 * before a byte is read, so a burst of uploads costs neither memory nor database connections.
 */
export async function addUploadedFile(workspaceId: string, upload: Upload): Promise<DocumentOutput> {
  const kind = fileKindOf({ filename: upload.filename, contentType: upload.contentType });
  if (!upload.body || !upload.contentType) {
    throw new AppError('validation_failed', 'The request body must be the file itself, with its Content-Type', [{ path: 'body', message: 'required' }]);
  }
  if (!kind) throw new AppError('unsupported_media_type', 'Unsupported file type: upload Markdown (.md), plain text (.txt), HTML (.html) or PDF (.pdf)');
  if ((upload.declaredBytes ?? 0) > MAX_DOCUMENT_BYTES) throw tooLarge(MAX_DOCUMENT_BYTES);

  const small = upload.declaredBytes !== undefined && upload.declaredBytes <= SMALL_UPLOAD_BYTES;
  const slot = small ? undefined : uploadSlots().tryAcquire(workspaceId);
  if (slot && 'refused' in slot) {
    const err = new AppError(
      'rate_limited',
      slot.refused === 'key'
        ? `Too many uploads in progress for this workspace (at most ${env().UPLOAD_CONCURRENCY_PER_WORKSPACE} large files at a time); retry after ${RETRY_AFTER_S} s`
        : `The server is receiving too many uploads; retry after ${RETRY_AFTER_S} s`,
    );
    err.retryAfterS = RETRY_AFTER_S;
    throw err;
  }
  let spooled: { file: string; bytes: number } | undefined;
  try {
    spooled = await receiveToFile(upload.body, MAX_DOCUMENT_BYTES);
    if (spooled.bytes === 0) throw new AppError('validation_failed', 'The file is empty', [{ path: 'file', message: 'must not be empty' }]);
    const found = kind === 'markdown' && !upload.title?.trim() ? markdownTitle(await readHead(spooled.file, 64 * 1024)) : undefined;
    const doc = { kind, title: fileTitle(upload, found), sourceUrl: upload.sourceUrl ?? null, contentType: upload.contentType };
    // Small files: the ordinary path (Prisma, the shared pool), in memory; they take no upload slot.
    if (spooled.bytes <= SMALL_UPLOAD_BYTES) return await addFileDocument(workspaceId, { ...doc, sourceUrl: upload.sourceUrl, bytes: await readFile(spooled.file) });
    return await storeLarge(workspaceId, spooled, doc);
  } finally {
    slot?.release();
    if (spooled) await rm(spooled.file, { force: true });
  }
}

/**
 * The row and its job in one transaction, on a connection of its own: Prisma would turn every
 * piece into base64 and JSON and back (several copies of the file in garbage per upload), and an
 * upload holds no connection of the shared pool. The bytes go through a large object (lo_put writes
 * at an offset without rewriting what is there, unlike `source || $piece`), copied into `source`
 * and unlinked before commit: the worker reads `source` as for any other document.
 */
async function storeLarge(
  workspaceId: string,
  spooled: { file: string; bytes: number },
  doc: { kind: string; title: string; sourceUrl: string | null; contentType: string },
): Promise<DocumentOutput> {
  const id = newDocumentId();
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  // A connection the server ends between two queries is an 'error' event (unhandled, it would end
  // the process); the next query then fails, and the caller sees that.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ oid: number }>(`SELECT lo_from_bytea(0, ''::bytea) AS oid`);
    const oid = rows[0]!.oid;
    let offset = 0;
    for await (const piece of createReadStream(spooled.file, { highWaterMark: WRITE_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      await client.query('SELECT lo_put($1, $2, $3)', [oid, offset, piece]);
      offset += piece.byteLength;
    }
    if (offset !== spooled.bytes) throw new Error(`upload spool changed size: ${offset} of ${spooled.bytes} bytes`);
    // Timestamps in UTC as Prisma writes them (the columns have no time zone).
    await client.query(
      `INSERT INTO "KbDocument" ("workspaceId", id, kind, title, "sourceUrl", "contentType", source, bytes, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, lo_get($7), $8, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`,
      [workspaceId, id, doc.kind, doc.title, doc.sourceUrl, doc.contentType, oid, spooled.bytes],
    );
    await client.query('SELECT lo_unlink($1)', [oid]);
    await enqueueOn(pgClientRunner(client), indexDocumentJob, { workspaceId, documentId: id });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
  const row = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id } }, omit: { source: true } });
  if (!row) throw notFound('Document'); // deleted in the moment since it was stored
  return toDocumentOutput(row);
}

/** The first `bytes` bytes of a file. */
async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
