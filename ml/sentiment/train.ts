// Trains the sentiment head (ml/sentiment/cnn.ts) over frozen GloVe vectors, by hand over typed
// arrays: mini-batch Adam, dropout, per-class weights, the best epoch on the calibration split,
// then temperature scaling fitted on that split. Deterministic for a given seed.
import * as ort from 'onnxruntime-node';
import { Adam, backward, featureCount, fitTemperature, gather, headForward, initParams, prng, softmax, tensors, zerosLike, type CnnConfig, type CnnParams } from './cnn';
import { buildSentimentGraph, convWeightOnnx } from './onnx-graph';
import { argmax, binaryAccuracy, confusion, expectedCalibrationError, nll, round } from './metrics';
import type { Example } from './data';

export interface TrainOptions {
  config: CnnConfig;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate multiplier per epoch. */
  decay: number;
  dropout: number;
  /** Loss weight per class (negative, neutral, positive). */
  classWeights: number[];
  /** Loss weight multiplier per source (e.g. lexicon word examples count less). */
  sourceWeights?: Record<string, number>;
  /** Per source, a weight per class (e.g. to balance a source whose labels are skewed). */
  sourceClassWeights?: Record<string, number[]>;
  seed: number;
  /** Tokens kept per training text. */
  maxTokens: number;
  /** Stop after this many seconds (the last finished epoch counts). */
  timeBudgetSeconds?: number;
  log?: (line: string) => void;
}

export interface Encoded {
  ids: Int32Array;
  label: number;
  source: string;
}

export function encodeExamples(rows: Example[], tokenize: (text: string) => number[], maxTokens: number): Encoded[] {
  return rows.map((r) => ({ ids: Int32Array.from(tokenize(r.text).slice(0, maxTokens)), label: r.label, source: r.source }));
}

/**
 * Runs the convolutions and max-pooling in onnxruntime (the training graph of onnx-graph.ts, with
 * the current conv weights fed as inputs each step): pooled features plus the window each max came
 * from, which is all the hand-written backward pass needs. 10-50x faster than a JavaScript loop.
 */
export class OrtConvolutions {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly config: CnnConfig,
  ) {}

  static async create(table: Float32Array, vocabSize: number, config: CnnConfig, threads?: number) {
    const head = initParams(config, prng(1)); // shapes only: the training graph takes weights as inputs
    const bytes = buildSentimentGraph({ table, vocabSize, head, temperature: 1, training: true });
    const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads } : {}) });
    return new OrtConvolutions(session, config);
  }

  async run(p: CnnParams, batch: ArrayLike<number>[]): Promise<{ features: Float32Array[]; argmax: Int32Array[][] }> {
    const { dims: D, filters: F, widths } = this.config;
    const rows = batch.length;
    let cols = 1;
    for (const ids of batch) cols = Math.max(cols, ids.length);
    const ids = new BigInt64Array(rows * cols);
    const mask = new BigInt64Array(rows * cols);
    batch.forEach((r, i) => {
      for (let c = 0; c < r.length; c++) {
        ids[i * cols + c] = BigInt(r[c]!);
        mask[i * cols + c] = 1n;
      }
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, [rows, cols]),
      attention_mask: new ort.Tensor('int64', mask, [rows, cols]),
    };
    widths.forEach((w, wi) => {
      feeds[`conv${w}_w`] = new ort.Tensor('float32', convWeightOnnx(p.conv[wi]!, w, D, F), [F, D, w]);
      feeds[`conv${w}_b`] = new ort.Tensor('float32', p.convBias[wi]!, [F]);
    });
    const out = await this.session.run(feeds);
    const feat = out.features!.data as Float32Array;
    const P = featureCount(this.config);
    const features = batch.map((_, i) => feat.slice(i * P, (i + 1) * P));
    const args = widths.map((w) => out[`argmax${w}_3d`]!.data as BigInt64Array);
    const argmax = batch.map((_, i) =>
      widths.map((_w, wi) => {
        const a = new Int32Array(F);
        for (let f = 0; f < F; f++) a[f] = features[i]![wi * F + f]! > 0 ? Number(args[wi]![i * F + f]) : -1;
        return a;
      }),
    );
    return { features, argmax };
  }

  release() {
    return this.session.release();
  }
}

/** Batches of similar length (less padding), in random order. */
function lengthBatches(rows: Encoded[], order: number[], batchSize: number, rand: () => number): number[][] {
  const batches: number[][] = [];
  const chunk = batchSize * 50;
  for (let s = 0; s < order.length; s += chunk) {
    const part = order.slice(s, s + chunk).sort((a, b) => rows[a]!.ids.length - rows[b]!.ids.length);
    for (let b = 0; b < part.length; b += batchSize) batches.push(part.slice(b, b + batchSize));
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [batches[i], batches[j]] = [batches[j]!, batches[i]!];
  }
  return batches;
}

/** Calibrated probabilities and raw logits for each text. */
export async function predictAll(p: CnnParams, conv: OrtConvolutions, rows: Encoded[], temperature = 1) {
  const out: { logits: number[]; probs: number[] }[] = [];
  for (let s = 0; s < rows.length; s += 256) {
    const batch = rows.slice(s, s + 256);
    const { features, argmax } = await conv.run(p, batch.map((r) => r.ids));
    batch.forEach((_, i) => {
      const { logits } = headForward(p, features[i]!, argmax[i]!);
      out.push({ logits: Array.from(logits), probs: softmax(logits, temperature) });
    });
  }
  return out;
}

/** Metrics of one split, per source and overall. */
export function evaluateSplit(rows: Encoded[], probs: number[][]) {
  const bySource: Record<string, unknown> = {};
  const sources = [...new Set(rows.map((r) => r.source))];
  for (const s of sources) {
    const idx = rows.map((r, i) => (r.source === s ? i : -1)).filter((i) => i >= 0);
    const labels = idx.map((i) => rows[i]!.label);
    const pr = idx.map((i) => probs[i]!);
    const pred = pr.map(argmax);
    bySource[s] = {
      n: idx.length,
      accuracy3: round(pred.filter((p, i) => p === labels[i]).length / idx.length),
      binary: Object.fromEntries(Object.entries(binaryAccuracy(labels, pr)).map(([k, v]) => [k, round(v)])),
      confusion: confusion(labels, pred),
      ece: round(expectedCalibrationError(labels, pr)),
      nll: round(nll(labels, pr)),
    };
  }
  return bySource;
}

const clone = (p: CnnParams): CnnParams => ({ config: p.config, conv: p.conv.map((a) => a.slice()), convBias: p.convBias.map((a) => a.slice()), out: p.out.slice(), outBias: p.outBias.slice() });

export async function trainHead(table: Float32Array, vocabSize: number, train: Encoded[], calibration: Encoded[], o: TrainOptions) {
  const log = o.log ?? (() => undefined);
  const rand = prng(o.seed);
  const params = initParams(o.config, rand);
  const grad = zerosLike(params);
  const gradTensors = tensors(grad);
  const adam = new Adam(tensors(params), o.learningRate);
  const conv = await OrtConvolutions.create(table, vocabSize, o.config);
  const D = o.config.dims;
  let x = new Float32Array(128 * D);
  const order = train.map((_, i) => i);
  const started = Date.now();
  let best: { params: CnnParams; epoch: number; score: number } | undefined;
  const history: Record<string, number>[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = o.learningRate * o.decay ** (epoch - 1);
    let loss = 0;
    let seen = 0;
    const t0 = Date.now();
    const batches = lengthBatches(train, order, o.batchSize, rand);
    for (const [bi, batch] of batches.entries()) {
      for (const g of gradTensors) g.fill(0);
      const rows = batch.map((i) => train[i]!);
      const { features, argmax } = await conv.run(params, rows.map((r) => r.ids));
      rows.forEach((r, i) => {
        const fwd = headForward(params, features[i]!, argmax[i]!, { dropout: o.dropout, rand });
        if (x.length < r.ids.length * D) x = new Float32Array(r.ids.length * D);
        gather(table, D, r.ids, x);
        loss += backward(params, x, r.ids.length, fwd, r.label, o.classWeights[r.label]! * (o.sourceWeights?.[r.source] ?? 1) * (o.sourceClassWeights?.[r.source]?.[r.label] ?? 1), grad, 1 / rows.length);
      });
      seen += rows.length;
      adam.step(gradTensors, lr);
      if (bi > 0 && bi % 500 === 0) log(`epoch ${epoch}: ${seen}/${order.length} texts, loss ${(loss / seen).toFixed(4)}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    // Model selection on the calibration split: mean of SST binary accuracy, airline binary
    // accuracy and airline 3-class accuracy (binary accuracy is what generalises to reviews).
    const cal = await predictAll(params, conv, calibration);
    const m = evaluateSplit(calibration, cal.map((c) => c.probs)) as Record<string, { accuracy3: number; binary: { accuracy: number } }>;
    const score = ((m.sst2?.binary.accuracy ?? 0) + (m.airline?.binary.accuracy ?? 0) + (m.airline?.accuracy3 ?? 0)) / 3;
    const row = { epoch, lr, trainLoss: round(loss / order.length), seconds: Math.round((Date.now() - t0) / 1000), calSst2Binary: m.sst2?.binary.accuracy ?? NaN, calAirline3: m.airline?.accuracy3 ?? NaN, score: round(score) };
    history.push(row);
    log(JSON.stringify(row));
    if (!best || score > best.score) best = { params: clone(params), epoch, score };
    const elapsed = (Date.now() - started) / 1000;
    if (o.timeBudgetSeconds && epoch < o.epochs && elapsed + elapsed / epoch > o.timeBudgetSeconds) {
      log(`stopping after epoch ${epoch}: the next one would pass the ${o.timeBudgetSeconds} s budget`);
      break;
    }
  }
  const chosen = best!;
  const calOut = await predictAll(chosen.params, conv, calibration);
  const temperature = fitTemperature(
    calOut.map((c) => c.logits),
    calibration.map((r) => r.label),
  );
  return { params: chosen.params, epoch: chosen.epoch, temperature, history, seconds: Math.round((Date.now() - started) / 1000), conv };
}
