import { z } from 'zod';
import { modelInputText } from '@/services/validation';

/** Most texts in one request, and most characters in one text (OpenAI allows 2,048 x 8,192 tokens; we keep requests small and fast). */
export const MAX_EMBEDDING_INPUTS = 100;
export const MAX_EMBEDDING_CHARS = 8192;

const text = modelInputText(MAX_EMBEDDING_CHARS);

export const embeddingsRequestSchema = z
  .object({
    input: z.union([text, z.array(text).min(1, 'must hold at least one text').max(MAX_EMBEDDING_INPUTS, `at most ${MAX_EMBEDDING_INPUTS} texts`)]),
    model: z.string().min(1).max(200).optional(),
    encoding_format: z.literal('float').optional(),
    user: z.string().max(256).optional(),
  })
  .strict();
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

export const embeddingsResponseSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ object: z.literal('embedding'), index: z.number().int(), embedding: z.array(z.number()) })),
  model: z.string(),
  /** Length of every vector (not in OpenAI's shape; SDKs ignore it). */
  dimensions: z.number().int(),
  usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
});
export type EmbeddingsResponse = z.infer<typeof embeddingsResponseSchema>;
