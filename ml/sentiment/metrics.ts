// Evaluation helpers shared by training and `npm run eval:sentiment`.

/** Rows: true label, columns: predicted label. */
export function confusion(labels: number[], predicted: number[], classes = 3): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  labels.forEach((l, i) => m[l]![predicted[i]!]!++);
  return m;
}

export const argmax = (p: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
};

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * On texts labelled negative or positive only: the share where the model puts more probability on
 * the right one of the two (a 3-class model read as binary), and the share whose 3-class label is
 * exactly right (a neutral answer counts as wrong).
 */
export function binaryAccuracy(labels: number[], probs: ArrayLike<number>[]) {
  let n = 0;
  let pairwise = 0;
  let strict = 0;
  let neutral = 0;
  labels.forEach((l, i) => {
    if (l === 1) return;
    n++;
    const p = probs[i]!;
    if ((p[2]! > p[0]!) === (l === 2)) pairwise++;
    const a = argmax(p);
    if (a === l) strict++;
    if (a === 1) neutral++;
  });
  return { n, accuracy: n ? pairwise / n : NaN, strictAccuracy: n ? strict / n : NaN, predictedNeutral: n ? neutral / n : NaN };
}

/** Expected calibration error of the top class, 10 equal-width confidence bins. */
export function expectedCalibrationError(labels: number[], probs: ArrayLike<number>[], bins = 10): number {
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  labels.forEach((l, i) => {
    const a = argmax(probs[i]!);
    const c = probs[i]![a]!;
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]!++;
    conf[b]! += c;
    if (a === l) correct[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += (count[b]! / labels.length) * Math.abs(conf[b]! / count[b]! - correct[b]! / count[b]!);
  return ece;
}

export function nll(labels: number[], probs: ArrayLike<number>[]): number {
  let s = 0;
  labels.forEach((l, i) => (s -= Math.log(Math.max(probs[i]![l]!, 1e-12))));
  return s / labels.length;
}
