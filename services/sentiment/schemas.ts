import { z } from 'zod';

/** Most texts in one request, and most characters in one text. */
export const MAX_SENTIMENT_TEXTS = 100;
export const MAX_SENTIMENT_CHARS = 5000;

const text = z.string().min(1, 'must not be empty').max(MAX_SENTIMENT_CHARS, `at most ${MAX_SENTIMENT_CHARS} characters`);

export const sentimentRequestSchema = z
  .object({
    texts: z.array(text).min(1, 'must hold at least one text').max(MAX_SENTIMENT_TEXTS, `at most ${MAX_SENTIMENT_TEXTS} texts`),
  })
  .strict();
export type SentimentRequest = z.infer<typeof sentimentRequestSchema>;

const probability = z.number().min(0).max(1);
export const sentimentResponseSchema = z.object({
  model: z.string(),
  results: z.array(
    z.object({
      label: z.enum(['negative', 'neutral', 'positive']),
      score: probability,
      scores: z.object({ negative: probability, neutral: probability, positive: probability }),
    }),
  ),
});
export type SentimentResponse = z.infer<typeof sentimentResponseSchema>;
