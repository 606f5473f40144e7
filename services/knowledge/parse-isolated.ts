import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BUILD_DIR, PROJECT_ROOT } from '@/services/paths';
import { AppError } from '@/services/errors/app-error';
import { decodeText } from './parse-document';
import type { ParseReply } from './parse-worker';
import { assertHtmlWithinLimits, HTML_LIMITS, type HtmlLimits } from './scan-html';
import type { FileKind } from './schemas';
import type { ParsedDocument } from './sections';

/**
 * What one document may cost to parse. Parsing runs in a worker thread so that a hostile or
 * pathological file costs at most this, and never blocks the job worker's event loop (other
 * jobs, other workspaces' documents, pg-boss's own polling all share it).
 */
export const PARSE_LIMITS = {
  ...HTML_LIMITS,
  /** Wall-clock time for one parse; the thread is terminated after it. */
  timeoutMs: 20_000,
  /** V8 old-generation heap of the thread; a 10 MB file parses in well under 200 MB. */
  maxMemoryMb: 512,
  stackSizeMb: 4,
};
export type ParseLimits = HtmlLimits & { timeoutMs: number; maxMemoryMb: number; stackSizeMb: number };

// Resolved at run time, not as `new URL(..., import.meta.url)`: the Next.js build traces such a URL
// into the dashboard bundle (and with it tsx and esbuild), while only worker processes ever parse.
// A worker run from the server build starts the thread from that build (plain Node, no tsx).
const entryFile = () =>
  BUILD_DIR ? path.join(/* turbopackIgnore: true */ BUILD_DIR, 'parse-worker.mjs') : path.join(/* turbopackIgnore: true */ PROJECT_ROOT, 'services', 'knowledge', 'parse-worker-entry.mjs');

/**
 * A file's bytes -> sections, like parseFile, but refused up front when HTML is over the limits
 * (scan-html.ts) and otherwise parsed in a worker thread with time, memory and stack limits.
 * Problems caused by the document (over a limit, unreadable, too slow, too big in memory) are
 * bad_request AppErrors saying why: the caller marks the document failed and does not retry.
 * Anything else (the thread could not start) is a plain Error, worth a retry.
 */
export async function parseFileIsolated(kind: FileKind, bytes: Uint8Array, limits: ParseLimits = PARSE_LIMITS): Promise<ParsedDocument> {
  if (kind === 'html') assertHtmlWithinLimits(decodeText(bytes), limits);
  const reply = await runWorker(kind, bytes, limits);
  if (!reply.ok) throw new AppError('bad_request', reply.reason);
  return reply.doc;
}

function runWorker(kind: FileKind, bytes: Uint8Array, limits: ParseLimits): Promise<ParseReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entryFile(), {
      workerData: { kind, bytes },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, stackSizeMb: limits.stackSizeMb },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      // The thread may still be busy (timeout) or exiting; it is not needed any more either way.
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new AppError('bad_request', `The document took longer than ${Math.round(limits.timeoutMs / 1000)} s to read; it was not indexed (split it into smaller documents)`))),
      limits.timeoutMs,
    );
    worker.once('message', (reply: ParseReply) => settle(() => resolve(reply)));
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('bad_request', `The document needs more than ${limits.maxMemoryMb} MB of memory to read; it was not indexed (split it into smaller documents)`)
            : err,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`The parse worker exited (code ${code}) without an answer`))));
  });
}
