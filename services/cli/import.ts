// `cairn import events|items|users FILE --workspace ID`: a thin wrapper over importRecords
// (services/import/import-records.ts) with a progress line on stderr and the summary on stdout.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '@/services/errors/app-error';
import { importRecords, type ImportFormat, type ImportKind, type ImportProgress, type ImportSummary } from '@/services/import/import-records';

export interface ImportCommandOptions {
  workspace: string;
  format?: ImportFormat;
  batch: number;
}

/** The format from the option, else from the file name (.csv -> csv; anything else -> jsonl). */
export function formatOf(file: string, given?: ImportFormat): ImportFormat {
  if (given) return given;
  return path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Progress on stderr: on a terminal one line redrawn in place (at most 10 times a second); otherwise
 * (logs, CI) a plain line every 5 seconds. Rows per second over the whole run.
 */
function progressReporter(stream: NodeJS.WriteStream, totalBytes: number | undefined) {
  const tty = stream.isTTY === true;
  let last = 0;
  const line = (p: ImportProgress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.rows * 1000) / p.elapsedMs) : 0;
    const pct = totalBytes ? ` ${((100 * p.bytes) / totalBytes).toFixed(1).padStart(5)}%` : '';
    const width = 24;
    const filled = totalBytes ? Math.min(width, Math.round((width * p.bytes) / totalBytes)) : 0;
    const bar = totalBytes ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]` : '';
    return `${bar}${pct} ${count(p.rows)} rows, ${count(rate)} rows/s (accepted ${count(p.accepted)}, duplicates ${count(p.duplicates)}, rejected ${count(p.rejected)})`.trim();
  };
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 5000)) return;
      last = now;
      stream.write(tty ? `\r\x1b[2K${line(p)}` : `${line(p)}\n`);
    },
    done(p: ImportProgress | undefined) {
      if (p) stream.write(tty ? `\r\x1b[2K${line(p)}\n` : `${line(p)}\n`);
    },
  };
}

export async function runImport(kind: ImportKind, file: string, opts: ImportCommandOptions): Promise<ImportSummary> {
  const format = formatOf(file, opts.format);
  let input: Readable;
  let totalBytes: number | undefined;
  if (file === '-') input = process.stdin;
  else {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new AppError('not_found', `File ${file} not found`);
    }
    if (!stat.isFile()) throw new AppError('bad_request', `${file} is not a file`);
    totalBytes = stat.size;
    input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  }
  const progress = progressReporter(process.stderr, totalBytes);
  let latest: ImportProgress | undefined;
  try {
    return await importRecords({
      workspaceId: opts.workspace,
      kind,
      input,
      format,
      batchSize: opts.batch,
      onProgress: (p) => {
        latest = p;
        progress.update(p);
      },
    });
  } finally {
    progress.done(latest);
    if (file !== '-') input.destroy();
  }
}
