import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';

/** Where request bodies are spooled while they arrive: CAIRN_DATA_DIR/uploads. */
export const uploadsDir = () => path.join(env().CAIRN_DATA_DIR, 'uploads');

export const tooLarge = (limit: number) => new AppError('payload_too_large', `The file is larger than ${limit / 1024 / 1024} MB`);

/**
 * Streams a request body to a new temporary file, refusing it (413) as soon as it passes `limit`
 * bytes. Memory stays at a few stream chunks whatever the size, and no database connection is held
 * while a slow client sends. On a refusal the rest of the body is left to drain (the stream is not
 * destroyed), so the client reads the 413 instead of a reset connection. The caller removes the file.
 */
export async function receiveToFile(body: Readable, limit: number): Promise<{ file: string; bytes: number }> {
  const dir = uploadsDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  swept ??= sweepStale(dir).catch(() => undefined);
  const file = path.join(dir, `${Date.now()}-${randomBase62(12)}.part`);
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        body.off('data', onData).off('end', onEnd).off('error', finish).off('close', onClose);
        if (!err) return out.end(() => resolve());
        body.resume(); // drain what is left of the body (paused for backpressure or not)
        out.destroy();
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes > limit) return finish(tooLarge(limit));
        if (!out.write(chunk)) {
          body.pause();
          out.once('drain', () => settled || body.resume());
        }
      };
      const onEnd = () => finish();
      // The client went away before the end: nothing to store.
      const onClose = () => finish(new AppError('bad_request', 'The upload was interrupted'));
      out.once('error', finish);
      if (body.destroyed) return finish(new AppError('bad_request', 'The upload was interrupted'));
      body.on('data', onData).once('end', onEnd).once('error', finish).once('close', onClose);
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { file, bytes };
}

// Files a crashed process left behind (each request removes its own), once per process. Only old
// ones: another api process may share the folder and be receiving into it now.
let swept: Promise<void> | undefined;
const STALE_MS = 60 * 60 * 1000;
async function sweepStale(dir: string) {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(file, { force: true });
  }
}
