import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { AppError } from '@/services/errors/app-error';
import { csvRowToRecord, checkCsvHeader, type ImportKind } from './csv-mapping';

/** One row of an import file: its parsed value, or why it could not be read. */
export type SourceRow = { line: number; value: unknown } | { line: number; error: { code: string; message: string } };

/** A JSONL line longer than this is rejected without being held in memory (the api's body limit). */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface ReadProgress {
  /** Bytes of the input consumed so far. */
  bytes: number;
}

/**
 * JSON Lines: one JSON value per line; blank lines are skipped. Streams with backpressure (the
 * caller's pace pulls the input), holding at most one chunk and one line.
 */
export async function* readJsonLines(input: Readable, progress: ReadProgress): AsyncGenerator<SourceRow> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let skipping = false; // inside a line over MAX_LINE_BYTES
  const emit = (text: string): SourceRow | null => {
    line++;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return null;
    try {
      return { line, value: JSON.parse(text) };
    } catch (err) {
      return { line, error: { code: 'invalid_json', message: (err as Error).message } };
    }
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    progress.bytes += buf.length;
    pending += decoder.write(buf);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
      if (skipping) {
        skipping = false;
        line++;
      } else {
        const row = emit(pending.slice(start, nl));
        if (row) yield row;
      }
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_BYTES) {
      if (!skipping) yield { line: line + 1, error: { code: 'line_too_long', message: `line is longer than ${MAX_LINE_BYTES} bytes` } };
      skipping = true;
      pending = '';
    }
  }
  pending += decoder.end();
  if (skipping) return;
  const last = emit(pending);
  if (last) yield last;
}

/**
 * CSV with a header row (RFC 4180 quoting, BOM tolerated, empty lines skipped). Each row becomes
 * the record its columns describe (see csv-mapping.ts); a row with the wrong number of cells is
 * rejected on its own. A quoting error breaks the framing of the rest of the file, so it stops the
 * import with its line number.
 */
export async function* readCsv(input: Readable, kind: ImportKind, progress: ReadProgress): AsyncGenerator<SourceRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      progress.bytes = info.bytes;
      if (!header) {
        header = record.map((h) => h.trim());
        checkCsvHeader(kind, header);
        continue;
      }
      const line = info.lines;
      if (record.length !== header.length) {
        yield { line, error: { code: 'invalid_csv_row', message: `expected ${header.length} cells (the header's), found ${record.length}` } };
        continue;
      }
      yield { line, value: csvRowToRecord(kind, header, record) };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new AppError('validation_failed', `Malformed CSV at line ${e.lines ?? '?'}: ${e.message}`);
    throw err;
  }
}
