// Build-once for model folders: processes that start together (api, worker, tests) take turns
// through a lock file beside the folder; one builds (~0.5-1 GB of memory for half a minute), the
// others wait for its result. A lock older than 10 minutes is taken to be left by a dead builder.
import fs from 'node:fs';
import path from 'node:path';
import { isBuilt } from '@/ml/embedding/build';

const STALE_LOCK_MS = 10 * 60_000;
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `build` unless `outDir` is complete and current (`current`, default: its manifest exists);
 * returns the build's result, or null when nothing was built here.
 */
export function ensureBuilt<T>(outDir: string, build: () => T, current: (dir: string) => boolean = isBuilt): T | null {
  const lock = `${outDir}.lock`;
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  for (;;) {
    if (current(outDir)) return null;
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { force: true }); // its builder died
      else sleepSync(500);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
      return current(outDir) ? null : build();
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}
