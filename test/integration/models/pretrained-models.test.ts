import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { env } from '@/services/config/env';
import { PROJECT_ROOT } from '@/services/paths';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { ensureSentimentModel } from '@/ml/sentiment/build';
import { authorSet } from '@/ml/sentiment/eval-sets';

// The default transformer models themselves (committed under models/ in the hub layout), served by
// a real api process with the production model settings, no hub (MODELS_ALLOW_REMOTE=false). The
// rest of the suite runs on the fast models. Skipped only where the committed files are absent.
const MODELS = path.join(PROJECT_ROOT, 'models');
const present = ['Xenova/all-MiniLM-L6-v2', 'cairn/sentiment-minilm-l6'].every((m) => fs.existsSync(path.join(MODELS, m, 'onnx', 'model_quantized.onnx')));
const production = {
  MODELS_DIR: MODELS,
  MODELS_ALLOW_REMOTE: 'false',
  EMBEDDING_MODEL: 'hub:Xenova/all-MiniLM-L6-v2',
  EMBEDDING_FAST_MODEL: 'local:cairn-glove-100d',
  SENTIMENT_MODEL: 'hub:cairn/sentiment-minilm-l6',
  SENTIMENT_FAST_MODEL: 'local:cairn-sentiment-cnn',
};

let api: Awaited<ReturnType<typeof startApiProcess>>;
let key: string;
const post = async (route: string, body: unknown) => {
  const res = await fetch(`${api.url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

beforeAll(async () => {
  if (!present) return;
  ensureGloveModel(path.join(env().MODELS_DIR, 'build', 'cairn-glove-100d'));
  ensureSentimentModel(path.join(env().MODELS_DIR, 'build', 'cairn-sentiment-cnn'));
  api = await startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), waitForModels: true, env: production });
  key = (await buildKey(await buildOwner())).key;
}, 300_000);
afterAll(async () => api?.stop());

describe.skipIf(!present)('the default transformer models, through the public API', () => {
  it('embeds with the sentence encoder: 384 dimensions, meaning over shared words', async () => {
    const { status, body } = await post('/v1/embeddings', { input: ['How do I reset my password?', 'I forgot my login and cannot get into my account', 'How do I reset the board to factory settings?'] });
    expect(status).toBe(200);
    expect(body.model).toBe('Xenova/all-MiniLM-L6-v2');
    expect(body.dimensions).toBe(384);
    const [reset, forgot, board] = body.data.map((d: { embedding: number[] }) => d.embedding) as number[][];
    expect(reset).toHaveLength(384);
    // The paraphrase shares no content word with the question; the unrelated one shares "reset".
    expect(cosine(reset!, forgot!)).toBeGreaterThan(cosine(reset!, board!));
    const openai = await post('/v1/embeddings', { input: 'hello', model: 'text-embedding-3-small' });
    expect([openai.status, openai.body.model, openai.body.dimensions]).toEqual([200, 'Xenova/all-MiniLM-L6-v2', 384]);
    const fast = await post('/v1/embeddings', { input: 'hello', model: 'fast' });
    expect([fast.status, fast.body.model, fast.body.dimensions]).toEqual([200, 'cairn-glove-100d', 100]);
  });

  it('scores review sentences right at least 90% of the time, with calibrated scores', async () => {
    const reviews = authorSet('review-sentences').filter((r) => r.label !== 1);
    const results: { label: string; scores: Record<string, number> }[] = [];
    for (let i = 0; i < reviews.length; i += 50) {
      const { status, body } = await post('/v1/sentiment', { texts: reviews.slice(i, i + 50).map((r) => r.text) });
      expect(status).toBe(200);
      expect(body.model).toBe('cairn/sentiment-minilm-l6');
      results.push(...body.results);
    }
    const right = results.filter((r, i) => (r.scores.positive! > r.scores.negative!) === (reviews[i]!.label === 2)).length;
    expect(right / reviews.length).toBeGreaterThanOrEqual(0.9);
    for (const r of results) expect(r.scores.negative! + r.scores.neutral! + r.scores.positive!).toBeCloseTo(1, 4);
  });

  it('reads questions and requests as neutral, not as complaints', async () => {
    const texts = ['how much does it cost to rent a tent?', 'recommend me a tent', 'ok'];
    const { body } = await post('/v1/sentiment', { texts });
    for (const [i, r] of (body.results as { label: string; scores: Record<string, number> }[]).entries()) {
      expect(r.label, texts[i]).toBe('neutral');
      expect(r.scores.negative, texts[i]).toBeLessThan(0.5);
    }
    const neutral = authorSet('chat-messages').filter((r) => r.label === 1);
    const all = await post('/v1/sentiment', { texts: neutral.map((r) => r.text) });
    const flagged = (all.body.results as { scores: Record<string, number> }[]).filter((r) => r.scores.negative! >= 0.6).length;
    expect(flagged / neutral.length).toBeLessThanOrEqual(0.1);
  });

  it('answers text in other languages and the fast model on request', async () => {
    const { status, body } = await post('/v1/sentiment', { texts: ['Das Essen war wirklich ausgezeichnet', '素晴らしい製品です', '😀'] });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(3);
    const fast = await post('/v1/sentiment', { texts: ['I love it'], model: 'fast' });
    expect([fast.status, fast.body.model, fast.body.results[0].label]).toEqual([200, 'cairn-sentiment-cnn', 'positive']);
  });
});

describe.skipIf(!present)('a corrupt default model file', () => {
  it('falls back to the fast model, says so on /readyz, and keeps serving', async () => {
    // A models folder whose MiniLM file is garbage; the fast models come from the usual build folder.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-corrupt-'));
    const broken = path.join(dir, 'Xenova', 'all-MiniLM-L6-v2');
    fs.cpSync(path.join(MODELS, 'Xenova', 'all-MiniLM-L6-v2'), broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 'this is not a model');
    fs.cpSync(path.join(MODELS, 'cairn'), path.join(dir, 'cairn'), { recursive: true });
    fs.symlinkSync(path.join(env().MODELS_DIR, 'build'), path.join(dir, 'build'));
    const other = await startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), waitForModels: true, env: { ...production, MODELS_DIR: dir } });
    try {
      const ready = (await (await fetch(`${other.url}/readyz`)).json()) as { models: Record<string, string> };
      expect(ready.models.embeddingsFallback).toBe('local:cairn-glove-100d');
      const res = await fetch(`${other.url}/v1/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: 'still answering' }) });
      const body = await res.json();
      expect([res.status, body.model, body.dimensions]).toEqual([200, 'cairn-glove-100d', 100]);
    } finally {
      await other.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
