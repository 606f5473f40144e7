// A tiny word-vector set (50 words, 8 dimensions) for fast, hand-checkable model tests.
import type { WordVectors } from '@/ml/embedding/build';

export const TINY_WORDS = [
  'the', ',', '.', 'a', 'i', 'love', 'like', 'this', 'phone', 'really', 'train', 'leaves', 'at', 'noon', 'cat', 'sat',
  'on', 'mat', 'dog', 'runs', 'fast', 'slow', 'good', 'bad', 'great', 'terrible', 'product', 'price', 'is', 'was',
  'and', 'or', 'not', 'very', 'it', 'we', 'you', 'they', 'buy', 'sell', 'red', 'blue', 'green', 'big', 'small', 'new',
  'old', '!', 'hello', 'world',
];
export const TINY_DIMS = 8;

/** Deterministic vectors: word i, dimension d -> a fixed pseudo-random value in [-1, 1]. */
export function tinyVectors(): WordVectors {
  const vectors = new Float32Array(TINY_WORDS.length * TINY_DIMS);
  for (let i = 0; i < TINY_WORDS.length; i++) for (let d = 0; d < TINY_DIMS; d++) vectors[i * TINY_DIMS + d] = Math.sin(i * 12.9898 + d * 78.233);
  return { words: [...TINY_WORDS], vectors, dims: TINY_DIMS };
}

/** The sentence embedding by hand: mean of the known words' vectors over all tokens, unit length. */
export function handEmbedding(tokens: string[]): number[] {
  const wv = tinyVectors();
  const sum = new Array<number>(TINY_DIMS).fill(0);
  for (const t of tokens) {
    const i = wv.words.indexOf(t);
    if (i < 0) continue; // unknown: the zero vector
    for (let d = 0; d < TINY_DIMS; d++) sum[d]! += wv.vectors[i * TINY_DIMS + d]!;
  }
  const mean = sum.map((x) => x / Math.max(tokens.length, 1));
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / Math.max(norm, 1e-12));
}
