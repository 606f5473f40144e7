import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { MAX_EVENTS_PER_BATCH } from '@/services/ingest/event-schema';
import { upsertItems } from '@/services/catalog/upsert-items';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { itemInputSchema, userInputSchema } from '@/services/catalog/schemas';
import { readCsv, readJsonLines, type ReadProgress, type SourceRow } from './read-records';
import { checkImportFile } from './check-file';
import type { ImportFormat, ImportKind } from './csv-mapping';

export type { ImportFormat, ImportKind } from './csv-mapping';
export const IMPORT_KINDS: readonly ImportKind[] = ['events', 'items', 'users'];
export const IMPORT_FORMATS: readonly ImportFormat[] = ['jsonl', 'csv'];
export const MAX_IMPORT_BATCH = MAX_EVENTS_PER_BATCH;
export const REJECTED_SAMPLE_SIZE = 20;

export interface ImportRejection {
  /** 1-based line of the file (for CSV, the line where the record ends). */
  line: number;
  code: string;
  message: string;
}

export interface ImportSummary {
  kind: ImportKind;
  /** Rows read (blank lines and the CSV header excluded). */
  rows: number;
  /** Events: newly stored. Items, users: created or replaced. */
  accepted: number;
  /** Events: already stored (a re-run, a repeated id). Items, users: superseded by a later row with the same id in the same batch. */
  duplicates: number;
  rejected: number;
  /** The first rejected rows. */
  rejectedSample: ImportRejection[];
  /** Items and users only: how many of `accepted` were new rows. */
  created?: number;
  updated?: number;
}

export interface ImportProgress {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Bytes of the input consumed so far (for a percentage when the total size is known). */
  bytes: number;
  elapsedMs: number;
}

export interface ImportOptions {
  workspaceId: string;
  kind: ImportKind;
  input: Readable;
  format: ImportFormat;
  /** Rows per batch, 1..1000 (default 1000): one ingestion or upsert call, one transaction. */
  batchSize?: number;
  /** Called after each batch is committed. */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Streams a JSONL or CSV file of events, items or users into a workspace, batch by batch, through
 * the same service functions as the api (ingestEvents, upsertItems, upsertUsers): the same
 * validation, deduplication, metering and jobs. Memory stays bounded by one batch: the next rows
 * are read only once the current batch is committed. Invalid rows are counted and sampled with
 * their line numbers; they never stop the import. Restartable: events are stored once per id and
 * items and users are upserts, so running the same file again stores nothing twice. A file that
 * is not text (an image, a PDF, an archive: 415) or holds no row (400) is refused (check-file.ts).
 */
export async function importRecords(opts: ImportOptions): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? MAX_IMPORT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_IMPORT_BATCH) {
    throw new AppError('validation_failed', `batchSize must be an integer from 1 to ${MAX_IMPORT_BATCH}`);
  }
  if (!IMPORT_KINDS.includes(opts.kind)) throw new AppError('validation_failed', `kind must be one of ${IMPORT_KINDS.join(', ')}`);
  if (!IMPORT_FORMATS.includes(opts.format)) throw new AppError('validation_failed', `format must be one of ${IMPORT_FORMATS.join(', ')}`);
  const workspace = await db().workspace.findUnique({ where: { id: opts.workspaceId }, select: { id: true } });
  if (!workspace) throw new AppError('not_found', `Workspace ${opts.workspaceId} not found`);

  // Images, archives and empty files are refused here, before a row is parsed or stored.
  const input = await checkImportFile(opts.input, opts.format);
  const started = Date.now();
  const read: ReadProgress = { bytes: 0 };
  const summary: ImportSummary = { kind: opts.kind, rows: 0, accepted: 0, duplicates: 0, rejected: 0, rejectedSample: [] };
  if (opts.kind !== 'events') Object.assign(summary, { created: 0, updated: 0 });
  const reject = (r: ImportRejection) => {
    summary.rejected++;
    // Keep the first rows by line (a batch's validation results arrive after later read errors).
    const sample = summary.rejectedSample;
    if (sample.length < REJECTED_SAMPLE_SIZE || r.line < sample.at(-1)!.line) {
      sample.push(r);
      sample.sort((a, b) => a.line - b.line);
      if (sample.length > REJECTED_SAMPLE_SIZE) sample.pop();
    }
  };
  const store = storeBatch(opts.kind, opts.workspaceId, summary, reject);

  const source = opts.format === 'csv' ? readCsv(input, opts.kind, read) : readJsonLines(input, read);
  let batch: { line: number; value: unknown }[] = [];
  const flush = async () => {
    if (batch.length > 0) await store(batch);
    batch = [];
    opts.onProgress?.({
      rows: summary.rows,
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      bytes: read.bytes,
      elapsedMs: Date.now() - started,
    });
  };
  for await (const row of source as AsyncIterable<SourceRow>) {
    summary.rows++;
    if ('error' in row) reject({ line: row.line, ...row.error });
    else batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  // A file larger than the sniffed start can still be all blank lines (or a CSV header and blanks).
  if (summary.rows === 0) throw new AppError('validation_failed', 'The file has no rows', [{ path: 'file', code: 'empty_file', message: 'The file has no rows' }]);
  return summary;
}

type Batch = { line: number; value: unknown }[];

function storeBatch(
  kind: ImportKind,
  workspaceId: string,
  summary: ImportSummary,
  reject: (r: ImportRejection) => void,
): (batch: Batch) => Promise<void> {
  if (kind === 'events') {
    return async (batch) => {
      // ingestEvents validates each event and reports the invalid ones by index.
      const result = await ingestEvents(workspaceId, batch.map((r) => r.value));
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      for (const r of result.rejected) reject({ line: batch[r.index]!.line, code: r.code, message: r.message });
    };
  }
  const schema: z.ZodType<{ id: string }> = kind === 'items' ? itemInputSchema : userInputSchema;
  const upsert = kind === 'items' ? upsertItems : upsertUsers;
  return async (batch) => {
    // The api answers a whole catalog batch with 400 when one entry is invalid; an import keeps
    // the valid rows, so each row is validated here and only valid ones reach the upsert.
    const latest = new Map<string, unknown>();
    for (const row of batch) {
      const parsed = schema.safeParse(row.value);
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`).join('; ');
        reject({ line: row.line, code: 'validation_failed', message });
        continue;
      }
      // The same id twice in one batch: the later row wins, as two PUTs in file order would.
      if (latest.has(parsed.data.id)) {
        summary.duplicates++;
        latest.delete(parsed.data.id);
      }
      latest.set(parsed.data.id, parsed.data);
    }
    if (latest.size === 0) return;
    const result = await upsert(workspaceId, [...latest.values()] as never[]);
    summary.accepted += result.created + result.updated;
    summary.created! += result.created;
    summary.updated! += result.updated;
  };
}
