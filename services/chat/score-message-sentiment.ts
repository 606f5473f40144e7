// The chatbot's ONE call site of the sentiment model (ML issue: services/sentiment/score-sentiment.ts).
//
// NOT WIRED YET: the sentiment service is being built on the `ml` branch. Until it is merged,
// scoreMessageSentiment answers null ("no sentiment model"), visitor messages keep a null
// sentiment, and only explicit requests for a person flag conversations. Wiring it is this file
// only:  return scoreSentiment(texts)  (the flag rule, storage, inbox filters and analytics that
// read the result are built and tested with explicit scores).

export interface SentimentScore {
  label: 'negative' | 'neutral' | 'positive';
  /** Confidence of the label. */
  score: number;
  scores: { negative: number; neutral: number; positive: number };
}

export async function scoreMessageSentiment(texts: string[]): Promise<SentimentScore[] | null> {
  void texts;
  return null;
}
