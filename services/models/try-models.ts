import { z } from 'zod';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';
import { MAX_SENTIMENT_CHARS } from '@/services/sentiment/schemas';
import type { SentimentResult } from '@/services/sentiment/score-sentiment';
import { listModels } from './list-models';
import { runInModelProcess } from './run-in-model-process';

// The dashboard playground: the models of this deployment, tried on the user's own text, in a
// model process the web process starts on first use (run-in-model-process.ts). Built models only:
// building is the api's job at start; until then the playground says so. Not metered: a few texts
// typed by a team member.

const text = z.string().trim().min(1, 'Type some text').max(MAX_SENTIMENT_CHARS, `At most ${MAX_SENTIMENT_CHARS} characters`);

function requireBuilt(role: 'embeddings' | 'sentiment') {
  const m = listModels().find((x) => x.role === role)!;
  if (m.built === false) throw new AppError('unavailable', `The ${role} model is still being built (the api builds it at first start); try again in a minute`);
}

/** Sentiment of one text, as POST /v1/sentiment would answer. */
export async function trySentiment(input: { text: unknown }) {
  const { text: t } = parseOrThrow(z.object({ text }), input);
  requireBuilt('sentiment');
  return runInModelProcess<SentimentResult>({ op: 'sentiment', text: t });
}

/** Cosine similarity of two texts under the embedding model. */
export async function compareTexts(input: { a: unknown; b: unknown }) {
  const { a, b } = parseOrThrow(z.object({ a: text, b: text }), input);
  requireBuilt('embeddings');
  return runInModelProcess<{ similarity: number | null; tokens: [number, number] }>({ op: 'compare', a, b });
}
