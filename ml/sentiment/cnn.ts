// The sentiment classifier head, trained by hand over typed arrays (no framework): a one-layer
// convolutional network over frozen word vectors (Kim, 2014, "CNN-static"):
//   x_0..x_{L-1}: word vectors (dims D, frozen GloVe)
//   for each width w: z_j = b + sum_k W_w[k] . x_{j-w+1+k}   (wide convolution: every window that
//                     holds at least one word, j = 0 .. L+w-2; positions outside the text are zero)
//                     h_j = relu(z_j);  p_w = max_j h_j        (max over time, F filters per width)
//   logits = U [p_1; p_2; ...] + c;  probabilities = softmax(logits / T)  (T: temperature, calibrated)
// Frozen vectors of the whole GloVe vocabulary mean words never seen in training still land near
// words that were; widths 2 and 3 see negation ("not good") and short phrases.
// Layout: W_w is [F, w, D] row-major (index (f * w + k) * D + d), U is [C, P] with P = widths x F.

export interface CnnConfig {
  dims: number;
  widths: number[];
  filters: number;
  classes: number;
}

export interface CnnParams {
  config: CnnConfig;
  conv: Float32Array[];
  convBias: Float32Array[];
  out: Float32Array;
  outBias: Float32Array;
}

export const featureCount = (c: CnnConfig) => c.widths.length * c.filters;

/** A seeded PRNG, so training is reproducible. */
export { mulberry32 as prng } from '../runtime/random';

export function initParams(config: CnnConfig, rand: () => number): CnnParams {
  const uniform = (n: number, limit: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * limit);
  const P = featureCount(config);
  return {
    config,
    conv: config.widths.map((w) => uniform(w * config.dims * config.filters, Math.sqrt(6 / (w * config.dims + config.filters)))),
    convBias: config.widths.map(() => new Float32Array(config.filters).fill(0.01)),
    out: uniform(config.classes * P, Math.sqrt(6 / (P + config.classes))),
    outBias: new Float32Array(config.classes),
  };
}

export function zerosLike(p: CnnParams): CnnParams {
  return {
    config: p.config,
    conv: p.conv.map((a) => new Float32Array(a.length)),
    convBias: p.convBias.map((a) => new Float32Array(a.length)),
    out: new Float32Array(p.out.length),
    outBias: new Float32Array(p.outBias.length),
  };
}

/** Every parameter array, in a fixed order (for optimisers, serialisation, gradient checks). */
export const tensors = (p: CnnParams): Float32Array[] => [...p.conv, ...p.convBias, p.out, p.outBias];

export interface Forward {
  /** Pooled features [P] (after dropout when training). */
  features: Float32Array;
  /** For each width: the argmax window per filter (-1 when every window is <= 0). */
  argmax: Int32Array[];
  logits: Float64Array;
  /** Dropout keep mask (1/keep or 0) when training. */
  dropout?: Float32Array;
}

/**
 * Forward pass for one text. `x` holds the word vectors [L, D] row-major.
 */
export function forward(p: CnnParams, x: Float32Array, length: number, opts: { dropout?: number; rand?: () => number } = {}): Forward {
  const { dims: D, filters: F, widths } = p.config;
  const P = featureCount(p.config);
  const features = new Float32Array(P);
  const argmax: Int32Array[] = [];
  widths.forEach((w, wi) => {
    const W = p.conv[wi]!;
    const b = p.convBias[wi]!;
    const best = new Float32Array(F); // relu output is >= 0, so 0 is a safe floor
    const arg = new Int32Array(F).fill(-1);
    // Windows j = 0 .. L+w-2; filter f's weights for offset k are W[(f * w + k) * D .. + D]:
    // contiguous dot products accumulated in a register (far faster in V8 than axpy over filters).
    for (let j = 0; j <= length + w - 2; j++) {
      const k0 = Math.max(0, w - 1 - j);
      const k1 = Math.min(w, length + w - 1 - j);
      for (let f = 0; f < F; f++) {
        let s = b[f]!;
        for (let k = k0; k < k1; k++) {
          const xo = (j - w + 1 + k) * D;
          const wo = (f * w + k) * D;
          for (let d = 0; d < D; d++) s += x[xo + d]! * W[wo + d]!;
        }
        if (s > best[f]!) {
          best[f] = s;
          arg[f] = j;
        }
      }
    }
    features.set(best, wi * F);
    argmax.push(arg);
  });
  return headForward(p, features, argmax, opts);
}

/**
 * The part after pooling: dropout (when training) and the output layer. Also used with pooled
 * features and argmax windows computed by onnxruntime (the training graph), which runs the
 * convolutions far faster than a JavaScript loop.
 */
export function headForward(p: CnnParams, features: Float32Array, argmax: Int32Array[], opts: { dropout?: number; rand?: () => number } = {}): Forward {
  const C = p.config.classes;
  const P = featureCount(p.config);
  let dropout: Float32Array | undefined;
  if (opts.dropout && opts.rand) {
    const keep = 1 - opts.dropout;
    dropout = new Float32Array(P);
    for (let q = 0; q < P; q++) {
      dropout[q] = opts.rand() < keep ? 1 / keep : 0;
      features[q]! *= dropout[q]!;
    }
  }
  const logits = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = p.outBias[c]!;
    const o = c * P;
    for (let q = 0; q < P; q++) s += p.out[o + q]! * features[q]!;
    logits[c] = s;
  }
  return { features, argmax, logits, dropout };
}

export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  const e = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! / temperature - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * Weighted cross-entropy of one text; adds its gradient to `grad` (scaled by `scale`, e.g. 1/batch)
 * and returns the loss. Gradients flow into the head only: the word vectors stay frozen.
 */
export function backward(p: CnnParams, x: Float32Array, length: number, fwd: Forward, label: number, weight: number, grad: CnnParams, scale = 1): number {
  const { dims: D, filters: F, widths, classes: C } = p.config;
  const P = featureCount(p.config);
  const probs = softmax(fwd.logits);
  const loss = -Math.log(Math.max(probs[label]!, 1e-12)) * weight;
  const dlogits = probs.map((v, c) => (v - (c === label ? 1 : 0)) * weight * scale);
  const dfeat = new Float64Array(P);
  for (let c = 0; c < C; c++) {
    const g = dlogits[c]!;
    grad.outBias[c]! += g;
    const o = c * P;
    for (let q = 0; q < P; q++) {
      grad.out[o + q]! += g * fwd.features[q]!;
      dfeat[q]! += g * p.out[o + q]!;
    }
  }
  if (fwd.dropout) for (let q = 0; q < P; q++) dfeat[q]! *= fwd.dropout[q]!;
  widths.forEach((w, wi) => {
    const arg = fwd.argmax[wi]!;
    const gW = grad.conv[wi]!;
    const gb = grad.convBias[wi]!;
    for (let f = 0; f < F; f++) {
      const j = arg[f]!;
      if (j < 0) continue; // relu was 0 everywhere: no gradient
      const g = dfeat[wi * F + f]!;
      if (g === 0) continue;
      gb[f]! += g;
      for (let k = 0; k < w; k++) {
        const i = j - w + 1 + k;
        if (i < 0 || i >= length) continue;
        const xo = i * D;
        const wo = (f * w + k) * D;
        for (let d = 0; d < D; d++) gW[wo + d]! += g * x[xo + d]!;
      }
    }
  });
  return loss;
}

/** Adam (Kingma and Ba, 2015) over every parameter array. */
export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(
    private readonly params: Float32Array[],
    private readonly lr = 1e-3,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = params.map((a) => new Float32Array(a.length));
    this.v = params.map((a) => new Float32Array(a.length));
  }
  step(grads: Float32Array[], lr = this.lr) {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, i) => {
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      for (let k = 0; k < p.length; k++) {
        const gk = g[k]!;
        m[k] = this.beta1 * m[k]! + (1 - this.beta1) * gk;
        v[k] = this.beta2 * v[k]! + (1 - this.beta2) * gk * gk;
        p[k]! -= (lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + this.eps);
      }
    });
  }
}

/** Word vectors of a token id sequence, gathered from the frozen table [vocab, D]. */
export function gather(table: Float32Array, dims: number, ids: ArrayLike<number>, out?: Float32Array): Float32Array {
  const x = out && out.length >= ids.length * dims ? out : new Float32Array(ids.length * dims);
  for (let i = 0; i < ids.length; i++) x.set(table.subarray(ids[i]! * dims, (ids[i]! + 1) * dims), i * dims);
  return x;
}

/**
 * The temperature minimising the negative log-likelihood of held-out logits (Guo et al., 2017,
 * "On calibration of modern neural networks"): golden-section search over log T.
 */
export function fitTemperature(logits: ArrayLike<number>[], labels: number[]): number {
  const nll = (logT: number) => {
    const T = Math.exp(logT);
    let s = 0;
    logits.forEach((l, i) => (s -= Math.log(Math.max(softmax(l, T)[labels[i]!]!, 1e-12))));
    return s / logits.length;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
