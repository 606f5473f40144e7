// Runs inside the parse worker thread: parses one file and posts back the sections or why not.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@/services/errors/app-error';
import { parseFile } from './parse-document';
import type { FileKind } from './schemas';
import type { ParsedDocument } from './sections';

export type ParseReply = { ok: true; doc: ParsedDocument } | { ok: false; reason: string };

const { kind, bytes } = workerData as { kind: FileKind; bytes: Uint8Array };

async function run(): Promise<ParseReply> {
  try {
    return { ok: true, doc: await parseFile(kind, bytes) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, reason: err.message };
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { ok: false, reason: 'The document nests too deeply to be read; it was not indexed' };
    // Parsing is deterministic: a parser that throws on these bytes would throw again on a retry.
    return { ok: false, reason: `The document could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

parentPort!.postMessage(await run());
