import { z } from 'zod';
import { modelInputText } from '@/services/validation';

/** Most texts in one request, and most characters in one text. */
export const MAX_SENTIMENT_TEXTS = 100;
export const MAX_SENTIMENT_CHARS = 5000;

const text = modelInputText(MAX_SENTIMENT_CHARS);

export const sentimentRequestSchema = z
  .object({
    texts: z.array(text).min(1, 'must hold at least one text').max(MAX_SENTIMENT_TEXTS, `at most ${MAX_SENTIMENT_TEXTS} texts`),
    /** `default` (the accurate model), `fast`, or a served model's name or id. */
    model: z.string().min(1).max(200).optional(),
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
