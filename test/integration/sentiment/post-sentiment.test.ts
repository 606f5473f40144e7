import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { json, tenant } from '@/test/support/catalog';
import { buildKey, buildOwner } from '@/test/support/builders';
import { env } from '@/services/config/env';
import { startSentimentModel, stopSentimentModel } from '@/services/sentiment/sentiment-model';
import { scoreSentiment } from '@/services/sentiment/score-sentiment';
import { ensureSentimentModel } from '@/ml/sentiment/build';

// POST /v1/sentiment on the REAL bundled model (committed head + GloVe -> ONNX), built here when
// missing (~20-40 s on 2 cores), once, in this file's setup.
let api: Awaited<ReturnType<typeof startApiServer>>;
let firstStatus = 0;
let firstRetryAfter: string | null = null;

beforeAll(async () => {
  ensureSentimentModel(path.join(env().MODELS_DIR, 'build', 'cairn-sentiment-cnn'));
  api = await startApiServer();
  const { key } = await tenant();
  const res = await api.request('/v1/sentiment', { ...json('POST', { texts: ['hello'] }), key });
  firstStatus = res.status;
  firstRetryAfter = res.headers.get('retry-after');
  await startSentimentModel();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopSentimentModel();
});

type Result = { label: string; score: number; scores: Record<'negative' | 'neutral' | 'positive', number> };
const score = async (key: string, body: unknown) => {
  const res = await api.request('/v1/sentiment', { ...json('POST', body), key });
  return { status: res.status, body: await res.json() };
};
const usage = async (key: string) => (await (await api.request('/v1/usage', { key })).json()).meters.sentiment_texts as number;

describe('POST /v1/sentiment', () => {
  it('answers 503 with Retry-After while the model is not ready', () => {
    expect(firstStatus).toBe(503);
    expect(firstRetryAfter).toBe('1');
  });

  it('labels plain cases right, with calibrated scores that sum to 1, in input order', async () => {
    const { key } = await tenant();
    const texts = ['I love it', 'terrible, I want a refund', 'The food was delicious and the staff were friendly.', 'This is not good at all.', 'What time does the store open tomorrow?'];
    const { status, body } = await score(key, { texts });
    expect(status).toBe(200);
    expect(body.model).toBe('cairn-sentiment-cnn');
    const results = body.results as Result[];
    expect(results.map((r) => r.label).slice(0, 4)).toEqual(['positive', 'negative', 'positive', 'negative']);
    for (const r of results) {
      expect(r.scores.negative + r.scores.neutral + r.scores.positive).toBeCloseTo(1, 4);
      expect(r.score).toBe(Math.max(r.scores.negative, r.scores.neutral, r.scores.positive));
    }
    expect(results[0]!.scores.positive).toBeGreaterThan(0.8);
    expect(results[1]!.scores.negative).toBeGreaterThan(0.8);
    // A plain question is not confidently positive or negative.
    expect(results[4]!.scores.neutral).toBeGreaterThan(Math.min(results[4]!.scores.negative, results[4]!.scores.positive));
  });

  it('handles negation: "not good" is less positive than "good"', async () => {
    const { key } = await tenant();
    const { body } = await score(key, { texts: ['The movie was good.', 'The movie was not good.', "The movie wasn't good."] });
    const [good, notGood, wasnt] = body.results as Result[];
    expect(good!.label).toBe('positive');
    expect(notGood!.scores.positive).toBeLessThan(good!.scores.positive - 0.3);
    expect(wasnt!.scores.positive).toBeCloseTo(notGood!.scores.positive, 2);
  });

  it('answers non-English, emoji-only and very long text without failing', async () => {
    const { key } = await tenant();
    const texts = ['Das Essen war wirklich ausgezeichnet', '素晴らしい製品です', '😀😀😀', '... !!! ???', `${'great value '.repeat(400)}`.slice(0, 5000)];
    const { status, body } = await score(key, { texts });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(5);
    for (const r of body.results as Result[]) expect(['negative', 'neutral', 'positive']).toContain(r.label);
    expect((body.results as Result[])[4]!.label).toBe('positive');
  });

  it('meters one sentiment_texts unit per text, on the calling workspace only; rejected requests are free', async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await score(a.key, { texts: ['one', 'two', 'three'] })).status).toBe(200);
    expect((await score(a.key, { texts: ['four'] })).status).toBe(200);
    await score(a.key, { texts: [] });
    expect(await usage(a.key)).toBe(4);
    expect(await usage(b.key)).toBe(0);
  });

  it('answers 4xx with the error shape for bad input', async () => {
    const { key } = await tenant();
    const cases: [unknown, number, string][] = [
      [{ texts: [] }, 400, 'validation_failed'],
      [{ texts: Array.from({ length: 101 }, () => 'x') }, 400, 'validation_failed'],
      [{ texts: [1, 2] }, 400, 'validation_failed'],
      [{ texts: ['ok', null] }, 400, 'validation_failed'],
      [{ texts: 'just a string' }, 400, 'validation_failed'],
      [{ texts: [''] }, 400, 'validation_failed'],
      [{ texts: ['x'.repeat(5001)] }, 400, 'validation_failed'],
      [{}, 400, 'validation_failed'],
      [{ texts: ['ok'], extra: true }, 400, 'validation_failed'],
      [{ texts: ['a bell \u0007 in the text'] }, 400, 'validation_failed'],
      [{ texts: ['ok'], model: 'gpt-4o' }, 400, 'bad_request'],
      [{ texts: ['ok'], model: 42 }, 400, 'validation_failed'],
      [{ texts: ['x'.repeat(10 * 1024 * 1024)] }, 413, 'payload_too_large'],
      ['{"texts": ', 400, 'invalid_json'],
    ];
    for (const [body, status, code] of cases) {
      const res = await score(key, body);
      const label = JSON.stringify(body).slice(0, 60);
      expect(res.status, label).toBe(status);
      expect(res.body.error.code, label).toBe(code);
    }
    const tooMany = await score(key, { texts: Array.from({ length: 101 }, () => 'x') });
    expect(tooMany.body.error.details[0].path).toBe('body.texts');
    const control = await score(key, { texts: ['fine', 'a bell \u0007 in the text'] });
    expect(control.body.error.details[0].path).toBe('body.texts.1');
    const unknownModel = await score(key, { texts: ['ok'], model: 'gpt-4o' });
    expect(unknownModel.body.error.details[0].path).toBe('body.model');
    expect(unknownModel.body.error.message).toMatch(/default, fast/);
    // Tabs and line breaks are ordinary text.
    expect((await score(key, { texts: ['line one\nline two\twith a tab'] })).status).toBe(200);
    const exactly100 = await score(key, { texts: Array.from({ length: 100 }, (_, i) => `text ${i} was fine`) });
    expect(exactly100.status).toBe(200);
    expect(exactly100.body.results).toHaveLength(100);
    expect(await usage(key)).toBe(101);
  });

  it('serves the model a request names: default, fast, or a served model by name', async () => {
    const { key } = await tenant();
    for (const model of ['default', 'fast', 'cairn-sentiment-cnn', 'local:cairn-sentiment-cnn']) {
      const res = await score(key, { texts: ['I love it'], model });
      expect(res.status, model).toBe(200);
      expect(res.body.model, model).toBe('cairn-sentiment-cnn'); // the suite runs the fast model as the default too
      expect(res.body.results[0].label).toBe('positive');
    }
  });

  it('needs the sentiment:write scope and a key', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, { scopes: ['events:write'] });
    const res = await score(key, { texts: ['hello'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const anonymous = await api.request('/v1/sentiment', json('POST', { texts: ['hello'] }));
    expect(anonymous.status).toBe(401);
  });

  it('gives each of many concurrent callers its own answers (micro-batched)', async () => {
    const { key } = await tenant();
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 ? `order ${i} arrived broken and late, awful` : `order ${i} arrived early, wonderful service`));
    const results = await Promise.all(texts.map((t) => score(key, { texts: [t, 'neutral filler text'] })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    results.forEach((r, i) => expect(r.body.results[0].label).toBe(i % 2 ? 'negative' : 'positive'));
    expect(await usage(key)).toBe(80);
  });
});

describe('scoreSentiment (for other services)', () => {
  it('returns the exact shape, in order, for any number of texts', async () => {
    const out = await scoreSentiment(['I love it', 'terrible, I want a refund']);
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]!).sort()).toEqual(['label', 'score', 'scores']);
    expect(Object.keys(out[0]!.scores).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(out.map((r) => r.label)).toEqual(['positive', 'negative']);
    expect(await scoreSentiment([])).toEqual([]);
    const many = await scoreSentiment(Array.from({ length: 150 }, (_, i) => (i === 149 ? 'I hate this' : 'fine')));
    expect(many).toHaveLength(150);
    expect(many[149]!.label).toBe('negative');
  });
});
