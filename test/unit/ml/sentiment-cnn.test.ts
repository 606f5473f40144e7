import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { backward, fitTemperature, forward, gather, initParams, prng, softmax, tensors, zerosLike, type CnnConfig } from '@/ml/sentiment/cnn';
import { buildSentimentGraph } from '@/ml/sentiment/onnx-graph';
import { headFromFile, headToFile } from '@/ml/sentiment/weights';
import { OrtConvolutions } from '@/ml/sentiment/train';
import { runTapGraph, TapCache } from '@/ml/sentiment/serving';

// The hand-written network on a tiny configuration: gradients checked numerically, and the ONNX
// graphs (served and training) computing exactly what the TypeScript forward pass computes.
const config: CnnConfig = { dims: 6, widths: [1, 2, 3], filters: 5, classes: 3 };
const VOCAB = 12;
const rand = prng(42);
const table = new Float32Array(VOCAB * config.dims);
for (let i = 2 * config.dims; i < table.length; i++) table[i] = rand() * 2 - 1; // rows 0 and 1 ([PAD], [UNK]) stay zero

function lossOf(p: ReturnType<typeof initParams>, ids: number[], label: number, weight: number) {
  const x = gather(table, config.dims, ids);
  const { logits } = forward(p, x, ids.length);
  return -Math.log(softmax(logits)[label]!) * weight;
}

describe('sentiment CNN (hand-written training)', () => {
  it('has analytic gradients that match central differences for every parameter array', () => {
    const p = initParams(config, prng(3));
    // Biases nudged so some filters are inactive somewhere (relu and max paths both exercised).
    p.convBias.forEach((b) => b.forEach((_, i) => (b[i] = (i % 2 ? 0.3 : -0.05))));
    const cases: [number[], number, number][] = [
      [[2, 5, 7, 3, 9], 2, 1],
      [[4, 1, 11], 0, 1.5],
      [[6], 1, 0.7],
    ];
    const grad = zerosLike(p);
    for (const [ids, label, weight] of cases) {
      const x = gather(table, config.dims, ids);
      backward(p, x, ids.length, forward(p, x, ids.length), label, weight, grad);
    }
    const total = () => cases.reduce((s, [ids, label, weight]) => s + lossOf(p, ids, label, weight), 0);
    const eps = 1e-3;
    let checked = 0;
    tensors(p).forEach((t, ti) => {
      const g = tensors(grad)[ti]!;
      for (let k = 0; k < t.length; k += Math.max(1, Math.floor(t.length / 25))) {
        const orig = t[k]!;
        t[k] = orig + eps;
        const up = total();
        t[k] = orig - eps;
        const down = total();
        t[k] = orig;
        const numeric = (up - down) / (2 * eps);
        expect(Math.abs(numeric - g[k]!), `tensor ${ti}[${k}]`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);
    // The gradient is not trivially zero.
    expect(tensors(grad).some((g) => g.some((v) => Math.abs(v) > 1e-3))).toBe(true);
  });

  it('learns: loss falls on a small separable task', () => {
    const p = initParams(config, prng(5));
    const data: [number[], number][] = [
      [[2, 3], 2],
      [[4, 5], 0],
      [[6, 7, 2], 2],
      [[8, 4], 0],
      [[9], 1],
      [[10, 9], 1],
    ];
    const lossAll = () => data.reduce((s, [ids, l]) => s + lossOf(p, ids, l, 1), 0);
    const before = lossAll();
    for (let step = 0; step < 200; step++) {
      const grad = zerosLike(p);
      for (const [ids, l] of data) {
        const x = gather(table, config.dims, ids);
        backward(p, x, ids.length, forward(p, x, ids.length), l, 1, grad, 1 / data.length);
      }
      tensors(p).forEach((t, i) => tensors(grad)[i]!.forEach((g, k) => (t[k]! -= 0.5 * g)));
    }
    expect(lossAll()).toBeLessThan(before * 0.3);
  });

  it('fits a temperature that makes over-confident logits honest', () => {
    // Logits scaled x5: the right temperature is about 5.
    const r = prng(9);
    const logits: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const l = [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1];
      const p = softmax(l);
      const u = r();
      labels.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      logits.push(l.map((v) => v * 5));
    }
    expect(fitTemperature(logits, labels)).toBeGreaterThan(4);
    expect(fitTemperature(logits, labels)).toBeLessThan(6.5);
  });

  it('round-trips through the committed weights format', () => {
    const p = initParams(config, prng(11));
    const file = headToFile(p, { version: 't', labels: ['negative', 'neutral', 'positive'], temperature: 1.5, vocabulary: { source: 'x', words: 10 }, maxTokens: 16 });
    const back = headFromFile(JSON.parse(JSON.stringify(file)));
    expect(Array.from(back.conv[2]!)).toEqual(Array.from(p.conv[2]!));
    expect(Array.from(back.out)).toEqual(Array.from(p.out));
    expect(() => headFromFile({ ...file, config: { ...config, filters: 6 } })).toThrow(/wrong size/);
  });

  it('both ONNX layouts equal the TypeScript forward pass on a padded batch, with temperature, cached word taps or not', async () => {
    const p = initParams(config, prng(13));
    const T = 1.7;
    const rows = [[2, 5, 7, 3, 9, 10, 11], [4], [6, 1, 8, 5, 5]]; // 1: an unknown word (zero vector)
    const expectForward = (logits: Float32Array, probs: Float32Array, batch: number[][]) =>
      batch.forEach((r, i) => {
        const ref = forward(p, gather(table, config.dims, r), r.length);
        const refProbs = softmax(ref.logits, T);
        for (let c = 0; c < 3; c++) {
          expect(logits[i * 3 + c]).toBeCloseTo(ref.logits[c]!, 4);
          expect(probs[i * 3 + c]).toBeCloseTo(refProbs[c]!, 5);
        }
      });

    // Convolution layout: input_ids.
    const conv = await ort.InferenceSession.create(buildSentimentGraph({ table, vocabSize: VOCAB, head: p, temperature: T, layout: 'convolution' }));
    const cols = 7;
    const ids = new BigInt64Array(rows.length * cols);
    const mask = new BigInt64Array(rows.length * cols);
    rows.forEach((r, i) => r.forEach((id, c) => ((ids[i * cols + c] = BigInt(id)), (mask[i * cols + c] = 1n))));
    const out = await conv.run({ input_ids: new ort.Tensor('int64', ids, [rows.length, cols]), attention_mask: new ort.Tensor('int64', mask, [rows.length, cols]) });
    await conv.release();
    expectForward(out.logits!.data as Float32Array, out.probabilities!.data as Float32Array, rows);

    // Served (tap) layout: a cold cache, then the same and other words from the cache.
    const served = await ort.InferenceSession.create(buildSentimentGraph({ table, vocabSize: VOCAB, head: p, temperature: T }));
    const cache = new TapCache(config);
    const cold = await runTapGraph(served, cache, rows);
    expectForward(cold.logits, cold.probabilities, rows);
    expect(cache.size).toBe(11); // distinct words of the batch
    expect(cache.hits).toBe(0);
    const warmRows = [[8, 6], [11, 3, 2, 4, 9], [10]];
    const warm = await runTapGraph(served, cache, warmRows);
    expectForward(warm.logits, warm.probabilities, warmRows);
    expect(cache.hits).toBe(8);
    expect(cache.misses).toBe(11);
    // A cache of 2 words evicts the oldest; answers stay the same.
    const small = new TapCache(config, 2);
    for (const batch of [rows, warmRows, rows]) {
      const r = await runTapGraph(served, small, batch);
      expectForward(r.logits, r.probabilities, batch);
    }
    expect(small.size).toBe(2);
    await served.release();
  });

  it('the training graph gives the pooled features and argmax windows of the TypeScript forward pass', async () => {
    const p = initParams(config, prng(17));
    const conv = await OrtConvolutions.create(table, VOCAB, config);
    const rows = [[2, 5, 7, 3], [9, 10]];
    const { features, argmax } = await conv.run(p, rows);
    await conv.release();
    rows.forEach((r, i) => {
      const ref = forward(p, gather(table, config.dims, r), r.length);
      Array.from(ref.features).forEach((v, q) => expect(features[i]![q]).toBeCloseTo(v, 5));
      ref.argmax.forEach((a, wi) => expect(Array.from(argmax[i]![wi]!)).toEqual(Array.from(a)));
    });
  });
});
