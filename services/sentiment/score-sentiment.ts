import { startSentimentModel } from './sentiment-model';

export type SentimentResult = {
  label: 'negative' | 'neutral' | 'positive';
  score: number;
  scores: { negative: number; neutral: number; positive: number };
};

/**
 * Sentiment of each text, in order, for code inside Cairn (the chat scores every visitor message,
 * in the api and the worker). Loads the configured model lazily once per process (building the
 * offline model on first use when missing) and shares the micro-batcher with every other caller.
 * Not metered: callers bill their own unit. Any language gets an answer (the model is English:
 * other text mostly lands near the class prior, see ml/sentiment/MODEL_CARD.md).
 * Throws OverloadedError (lib/micro-batcher.ts) when the model queue is full.
 */
export async function scoreSentiment(texts: string[]): Promise<SentimentResult[]> {
  if (texts.length === 0) return [];
  const model = await startSentimentModel();
  const out = await model.classify(texts);
  return out.map(({ label, score, scores }) => ({ label, score, scores: { negative: scores.negative, neutral: scores.neutral, positive: scores.positive } }));
}
