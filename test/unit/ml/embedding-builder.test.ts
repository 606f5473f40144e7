import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildModelFolder, isTokenizable, sifWeight } from '@/ml/embedding/build';
import { EmbeddingModel } from '@/ml/embedding/model';
import { loadTokenizerFolder } from '@/ml/runtime/loader';
import type { ModelSpec } from '@/ml/runtime/types';
import { gloveCard } from '@/ml/embedding/card';
import { handEmbedding, tinyVectors, TINY_DIMS, TINY_WORDS } from './tiny-model';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-ml-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const dir = path.join(tmp, 'tiny');
buildModelFolder(tinyVectors(), { outDir: dir, name: 'tiny', layout: 'local' });

const ids = (words: string[]) => words.map((w) => BigInt(w === '[PAD]' ? 0 : TINY_WORDS.indexOf(w) + 2 || 1));

async function run(rows: string[][]) {
  const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'));
  const cols = Math.max(...rows.map((r) => r.length));
  const input = new BigInt64Array(rows.length * cols);
  const mask = new BigInt64Array(rows.length * cols);
  rows.forEach((r, i) => r.forEach((w, j) => ((input[i * cols + j] = ids([w])[0]!), (mask[i * cols + j] = 1n))));
  const out = await session.run({
    input_ids: new ort.Tensor('int64', input, [rows.length, cols]),
    attention_mask: new ort.Tensor('int64', mask, [rows.length, cols]),
  });
  await session.release();
  const e = out.sentence_embedding!;
  expect(e.dims).toEqual([rows.length, TINY_DIMS]);
  const data = Array.from(e.data as Float32Array);
  return rows.map((_, i) => data.slice(i * TINY_DIMS, (i + 1) * TINY_DIMS));
}

const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 5));

describe('GloVe -> ONNX builder (tiny vocabulary)', () => {
  it('writes the model folder with a manifest', () => {
    for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'manifest.json']) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    const tok = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
    expect(tok.model.type).toBe('WordLevel');
    expect(Object.keys(tok.model.vocab)).toHaveLength(52);
  });

  it('runs in onnxruntime-node: masked mean pooling, unit norm, as computed by hand', async () => {
    const [a, b] = await run([['i', 'love', 'this', 'phone'], ['the', 'cat']]);
    close(a!, handEmbedding(['i', 'love', 'this', 'phone']));
    close(b!, handEmbedding(['the', 'cat']));
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
  });

  it('ignores padding: a short row padded in a batch equals the row alone', async () => {
    const [alone] = await run([['the', 'cat']]);
    const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'));
    // Row 0: "the cat" + 3 padding positions (id 0, mask 0).
    const input = new BigInt64Array([...ids(['the', 'cat']), 0n, 0n, 0n, ...ids(['i', 'love', 'this', 'phone', 'phone'])]);
    const mask = new BigInt64Array([1n, 1n, 0n, 0n, 0n, 1n, 1n, 1n, 1n, 1n]);
    const out = await session.run({ input_ids: new ort.Tensor('int64', input, [2, 5]), attention_mask: new ort.Tensor('int64', mask, [2, 5]) });
    await session.release();
    close(Array.from((out.sentence_embedding!.data as Float32Array).slice(0, TINY_DIMS)), alone!);
  });

  it('gives unknown words the zero vector (direction unchanged) and an all-unknown text the zero vector', async () => {
    const [withUnknown, without, allUnknown] = await run([['the', 'zzz', 'cat'], ['the', 'cat'], ['qqq', 'zzz']]);
    close(withUnknown!, without!);
    expect(allUnknown!.every((x) => x === 0)).toBe(true);
  });

  it('tokenizes with transformers.js: lowercase, punctuation split, unknown -> [UNK], padding', () => {
    const tokenizer = loadTokenizerFolder(dir);
    expect(tokenizer.tokenize('Hello, World!')).toEqual(['hello', ',', 'world', '!']);
    const enc = tokenizer(['Hello, World!', 'Zebra'], { padding: true }) as unknown as { input_ids: { tolist(): bigint[][] }; attention_mask: { tolist(): bigint[][] } };
    expect(enc.input_ids.tolist()).toEqual([ids(['hello', ',', 'world', '!']), [1n, 0n, 0n, 0n]]);
    expect(enc.attention_mask.tolist()).toEqual([[1n, 1n, 1n, 1n], [1n, 0n, 0n, 0n]]);
  });

  it('serves the folder behind the model interface (tokenizer + session + warm-up)', async () => {
    const spec: ModelSpec = { id: 'local:tiny', name: 'tiny', task: 'feature-extraction', version: '0', source: 'local', path: dir, files: [], card: gloveCard() };
    const model = new EmbeddingModel(spec, { device: 'cpu', autoBuild: false });
    await model.load();
    expect(model.device).toBe('cpu');
    expect(model.dims).toBe(TINY_DIMS);
    const [a, b] = await model.embed(['I love this phone!', 'The CAT']);
    close(Array.from(a!.embedding), handEmbedding(['i', 'love', 'this', 'phone', '!']));
    close(Array.from(b!.embedding), handEmbedding(['the', 'cat']));
    expect(a!.tokens).toBe(5);
    await model.dispose();
  });

  it('is deterministic: the same vectors give the same bytes', () => {
    const again = path.join(tmp, 'tiny-again');
    buildModelFolder(tinyVectors(), { outDir: again, name: 'tiny', layout: 'local' });
    const hash = (d: string) => {
      const h = createHash('sha256');
      for (const f of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json', 'manifest.json']) h.update(fs.readFileSync(path.join(d, f)));
      return h.digest('hex');
    };
    expect(hash(again)).toBe(hash(dir));
  });

  it('keeps only words the pre-tokenizer can produce, and down-weights frequent words', () => {
    expect(['phone', 'café', ',', '$', '2024'].every(isTokenizable)).toBe(true);
    expect(['u.s.', "don't", 'e-mail', 'New', '..'].some(isTokenizable)).toBe(false);
    expect(sifWeight(0, 400_000)).toBeLessThan(0.05);
    expect(sifWeight(50_000, 400_000)).toBeGreaterThan(0.99);
  });
});
