import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, tenant } from '@/test/support/catalog';
import { buildKey, buildOwner } from '@/test/support/builders';
import { env } from '@/services/config/env';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';

// POST /v1/embeddings on the REAL offline model (GloVe -> ONNX), built here when missing: the build
// takes ~25-40 s on 2 cores, so it runs once, in this file's setup.
let api: Awaited<ReturnType<typeof startApiServer>>;
let buildMs: number | null = null;
let firstStatus = 0;
let firstRetryAfter: string | null = null;

beforeAll(async () => {
  const built = ensureGloveModel(path.join(env().MODELS_DIR, 'build', 'cairn-glove-100d'));
  buildMs = built?.ms ?? null;
  api = await startApiServer();
  // Before the model is loaded, the endpoint answers 503 (and starts loading it).
  const { key } = await tenant();
  const res = await api.request('/v1/embeddings', { ...json('POST', { input: 'hello' }), key });
  firstStatus = res.status;
  firstRetryAfter = res.headers.get('retry-after');
  await startEmbeddingModel();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopEmbeddingModel();
});

const embed = async (key: string, body: unknown) => {
  const res = await api.request('/v1/embeddings', { ...json('POST', body), key });
  return { status: res.status, body: await res.json() };
};
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const usage = async (key: string) => (await (await api.request('/v1/usage', { key })).json()).meters.embedding_texts as number;

describe('POST /v1/embeddings', () => {
  it('answers 503 with Retry-After while the model is not ready', () => {
    if (buildMs !== null) console.info(`embedding model built in ${buildMs} ms`);
    expect(firstStatus).toBe(503);
    expect(firstRetryAfter).toBe('1');
  });

  it('embeds texts in the OpenAI shape; similar sentences are closer than unrelated ones', async () => {
    const { key } = await tenant();
    const input = ['I love this phone', 'I really like this phone', 'The train leaves at noon'];
    const { status, body } = await embed(key, { input, model: 'cairn-glove-100d' });
    expect(status).toBe(200);
    expect(body.object).toBe('list');
    expect(body.model).toBe('cairn-glove-100d');
    expect(body.data.map((d: { object: string; index: number }) => [d.object, d.index])).toEqual([['embedding', 0], ['embedding', 1], ['embedding', 2]]);
    const [love, like, train] = body.data.map((d: { embedding: number[] }) => d.embedding) as number[][];
    expect(love).toHaveLength(100);
    expect(Math.hypot(...love!)).toBeCloseTo(1, 4);
    expect(cosine(love!, like!)).toBeGreaterThan(cosine(love!, train!) + 0.1);
    expect(body.usage).toEqual({ prompt_tokens: 4 + 5 + 5, total_tokens: 14 });
    expect(body.dimensions).toBe(100);
  });

  it("accepts `default`, `fast` and OpenAI's model names (aliases of the default), so OpenAI SDKs work unchanged", async () => {
    const { key } = await tenant();
    for (const model of ['default', 'fast', 'text-embedding-3-small', 'text-embedding-ada-002', 'local:cairn-glove-100d']) {
      const res = await embed(key, { input: 'I love this phone', model });
      expect(res.status, model).toBe(200);
      expect(res.body.model, model).toBe('cairn-glove-100d'); // the suite serves the fast model as the default too
      expect(res.body.data[0].embedding).toHaveLength(res.body.dimensions);
    }
  });

  it('takes a single string, and gives the same vector as in a batch', async () => {
    const { key } = await tenant();
    const one = await embed(key, { input: 'I love this phone' });
    const many = await embed(key, { input: ['something else entirely', 'I love this phone'] });
    expect(one.status).toBe(200);
    expect(one.body.data).toHaveLength(1);
    one.body.data[0].embedding.forEach((x: number, i: number) => expect(x).toBeCloseTo(many.body.data[1].embedding[i], 5));
  });

  it('meters one embedding_texts unit per text, on the calling workspace only', async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await embed(a.key, { input: ['one', 'two', 'three'] })).status).toBe(200);
    expect((await embed(a.key, { input: 'four' })).status).toBe(200);
    expect(await usage(a.key)).toBe(4);
    expect(await usage(b.key)).toBe(0);
    // Rejected requests are not billed.
    await embed(a.key, { input: [] });
    expect(await usage(a.key)).toBe(4);
  });

  it('answers 4xx with the error shape for bad input', async () => {
    const { key } = await tenant();
    const cases: [unknown, number, string][] = [
      [{ input: [] }, 400, 'validation_failed'],
      [{ input: Array.from({ length: 101 }, () => 'x') }, 400, 'validation_failed'],
      [{ input: [1, 2] }, 400, 'validation_failed'],
      [{ input: ['ok', null] }, 400, 'validation_failed'],
      [{ input: '' }, 400, 'validation_failed'],
      [{ input: 'x'.repeat(8193) }, 400, 'validation_failed'],
      [{}, 400, 'validation_failed'],
      [{ input: 'ok', encoding_format: 'base64' }, 400, 'validation_failed'],
      [{ input: 'ok', model: 'no-such-model' }, 400, 'bad_request'],
      [{ input: ['fine', 'an escape \u001b[31m code'] }, 400, 'validation_failed'],
      [{ input: 'x'.repeat(10 * 1024 * 1024) }, 413, 'payload_too_large'],
      ['{"input": ', 400, 'invalid_json'],
    ];
    for (const [body, status, code] of cases) {
      const res = await embed(key, body);
      const label = JSON.stringify(body).slice(0, 60);
      expect(res.status, label).toBe(status);
      expect(res.body.error.code, label).toBe(code);
    }
    const control = await embed(key, { input: ['fine', 'an escape \u001b[31m code'] });
    expect(control.body.error.details[0].path).toBe('body.input.1');
    const unknown = await embed(key, { input: 'ok', model: 'no-such-model' });
    expect(unknown.body.error.details[0].path).toBe('body.model');
    const exactly100 = await embed(key, { input: Array.from({ length: 100 }, (_, i) => `text ${i}`) });
    expect(exactly100.status).toBe(200);
    expect(exactly100.body.data).toHaveLength(100);
  });

  it('needs the embeddings:write scope', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, { scopes: ['events:write'] });
    const res = await embed(key, { input: 'hello' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('handles many concurrent callers (micro-batched), each getting its own vectors', async () => {
    const { key } = await tenant();
    const texts = Array.from({ length: 40 }, (_, i) => `order number ${i} was delivered on time`);
    const results = await Promise.all(texts.map((t) => embed(key, { input: [t, 'the train leaves at noon'] })));
    const ref = await embed(key, { input: texts[7]! });
    expect(results.every((r) => r.status === 200)).toBe(true);
    results[7]!.body.data[0].embedding.forEach((x: number, i: number) => expect(x).toBeCloseTo(ref.body.data[0].embedding[i], 5));
    expect(await usage(key)).toBe(81);
  });
});
