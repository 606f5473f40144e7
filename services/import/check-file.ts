import { Readable } from 'node:stream';
import { AppError } from '@/services/errors/app-error';
import type { ImportFormat } from './csv-mapping';

/** Bytes read before the import starts, to tell what the file is (and whether it is all there). */
export const SNIFF_BYTES = 64 * 1024;

const UPLOAD_HINT = 'upload CSV or JSON Lines';

// Files people pick by mistake, by their first bytes. An import parsed them as text before: a PNG
// became a few hundred "invalid JSON" rows.
const SIGNATURES: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (Excel and Word files are ZIP archives too)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'a ZIP archive' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Excel 97-2003 (or other Office) file' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (save it as UTF-8)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (save it as UTF-8)' },
];

const startsWith = (head: Buffer, bytes: number[], offset = 0) => head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

/** What the first bytes say the file is when it is not UTF-8 text, or null. */
export function binaryKind(head: Buffer, complete: boolean): string | null {
  const known = SIGNATURES.find((s) => startsWith(head, s.bytes, s.offset));
  if (known) return known.what;
  if (head.includes(0)) return 'a binary file';
  try {
    // stream: a character cut at the end of the sniffed bytes is not an error (unless the file ends there).
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return 'not UTF-8 text (save it as UTF-8)';
  }
  return null;
}

/** True when the whole file holds no record: blank, or (CSV) a header line and nothing else. */
export function hasNoRows(head: Buffer, format: ImportFormat): boolean {
  const lines = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.length <= (format === 'csv' ? 1 : 0);
}

const refuse = (code: 'unsupported_media_type' | 'validation_failed', detailCode: string, message: string) =>
  new AppError(code, message, [{ path: 'file', code: detailCode, message }]);

/**
 * Reads the start of an import file and refuses, before anything is parsed or stored, what the
 * import cannot read (images, PDFs, archives, binary or non-UTF-8 files: 415) and files without a
 * single record (400). Returns a stream of the whole file (the sniffed start, then the rest);
 * destroying it destroys the input.
 */
export async function checkImportFile(input: Readable, format: ImportFormat): Promise<Readable> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = false;
  try {
    while (size < SNIFF_BYTES) {
      const next = await it.next();
      if (next.done) {
        complete = true;
        break;
      }
      const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      chunks.push(buf);
      size += buf.length;
    }
    const head = Buffer.concat(chunks);
    const kind = binaryKind(head, complete);
    if (kind) throw refuse('unsupported_media_type', 'unsupported_file_type', `This file is ${kind}; ${UPLOAD_HINT}`);
    if (complete && hasNoRows(head, format)) {
      throw refuse('validation_failed', 'empty_file', format === 'csv' && head.toString('utf8').trim() ? 'The file has no rows: only the CSV header line' : 'The file has no rows');
    }
    return Readable.from(replay(head, it, complete), { objectMode: false });
  } catch (err) {
    await it.return?.();
    throw err;
  }
}

async function* replay(head: Buffer, it: AsyncIterator<Buffer | string>, complete: boolean): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    if (complete) return;
    for (let next = await it.next(); !next.done; next = await it.next()) {
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  } finally {
    await it.return?.();
  }
}
