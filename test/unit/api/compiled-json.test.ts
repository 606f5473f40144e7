// The compiled response writer (services/api/compiled-json.ts): same text as JSON.stringify for a
// body that fits the schema, fields the schema does not name never written, a missing field refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJsonSerializer, compiledJsonResponse } from '@/services/api/compiled-json';
import { embeddingsResponseSchema } from '@/services/embeddings/schemas';
import { sentimentResponseSchema } from '@/services/sentiment/schemas';

const embeddings = {
  object: 'list' as const,
  data: [{ object: 'embedding' as const, index: 0, embedding: [0.125, -0.5, 1e-7, 0.3333333333333333] }],
  model: 'Xenova/all-MiniLM-L6-v2',
  dimensions: 4,
  usage: { prompt_tokens: 3, total_tokens: 3 },
};

describe('compiled JSON responses', () => {
  it('writes what JSON.stringify writes for a body that fits the schema', () => {
    const write = compileJsonSerializer(embeddingsResponseSchema);
    expect(JSON.parse(write(embeddings))).toEqual(embeddings);
    expect(write(embeddings)).toBe(JSON.stringify(embeddings));
    const sentiment = { model: 'm', results: [{ label: 'neutral', score: 0.5, scores: { negative: 0.2, neutral: 0.5, positive: 0.3 } }] };
    expect(compileJsonSerializer(sentimentResponseSchema)(sentiment)).toBe(JSON.stringify(sentiment));
  });

  it('never writes a field the schema does not name, at any depth', () => {
    const write = compileJsonSerializer(embeddingsResponseSchema);
    const text = write({ ...embeddings, keyHash: 'secret-1', data: [{ ...embeddings.data[0], tenant: 'secret-2' }] });
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual(embeddings);
  });

  it('refuses a body that lacks a required field instead of sending half of it', () => {
    const write = compileJsonSerializer(sentimentResponseSchema);
    expect(() => write({ model: 'm' })).toThrow(/results/);
  });

  it('compiles 2xx schemas only; errors keep plain JSON', () => {
    const schema = z.object({ a: z.number() });
    const ok = compiledJsonResponse.serializerCompiler({ schema, httpStatus: '200' });
    expect(ok({ a: 1, b: 2 })).toBe('{"a":1}');
    const error = compiledJsonResponse.serializerCompiler({ schema, httpStatus: '400' });
    expect(error({ error: { code: 'invalid_request' } })).toBe('{"error":{"code":"invalid_request"}}');
  });
});
