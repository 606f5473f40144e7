// The chatbot's ONE call site of the sentiment model (services/sentiment/score-sentiment.ts): every
// visitor message is scored; the result is stored on the message and drives the conversation's
// "needs a person" flag (should-flag.ts).
import { scoreSentiment, type SentimentResult } from '@/services/sentiment/score-sentiment';

export type SentimentScore = SentimentResult;

export async function scoreMessageSentiment(texts: string[]): Promise<SentimentScore[] | null> {
  return scoreSentiment(texts);
}
