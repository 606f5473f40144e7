// Packing a fitted configuration into the servable model: one blended, truncated item x item
// matrix, the similar-items matrix, and content edges for cold items.
import { combine, denseToSparse, itemKnn, type ItemMatrix } from './item-models';
import type { Csr } from './interactions';
import type { RecModelData } from './model';
import type { Ctx, Fitted } from './fit-components';
import type { RecConfig, TrainInput } from './train-types';

const SERVING_K = 200;
const SIMILAR_K = 50;

/** Packs a fitted configuration into the servable model: one blended, truncated matrix. */
export function pack(ctx: Ctx, cfg: RecConfig, f: Fitted, scales: Record<string, number>, embeddings?: TrainInput['embeddings']): RecModelData {
  const n = ctx.numItems;
  // Small catalogs keep whole rows (the served model is then the blend itself); large ones the
  // top weights of each row, within ~3 M weights.
  const servingK = Math.max(SERVING_K, Math.min(n, Math.floor(3_000_000 / Math.max(1, n))));
  const parts: { m: ItemMatrix; w: number }[] = [];
  // History weights are log(1 + w) in validation; serving multiplies raw signed weights through
  // the same transform (see servingWeight), so the matrices are used as fitted.
  if (f.knn) parts.push({ m: f.knn, w: cfg.blend.knn / scales.knn! });
  if (f.rp3) parts.push({ m: f.rp3, w: cfg.blend.rp3 / scales.rp3! });
  if (f.ease) parts.push({ m: denseToSparse(f.ease, n, servingK), w: cfg.blend.ease / scales.ease! });
  let s = parts.length > 0 ? combine(parts, n, servingK) : emptyMatrix(n);
  const knnForSimilar = f.knn ?? itemKnn(ctx.x, { k: SIMILAR_K, shrink: 10 });
  let similar = combine([{ m: knnForSimilar, w: 1 }], n, SIMILAR_K);
  if (embeddings) {
    const content = contentEdges(ctx.x, embeddings, n);
    if (content) {
      // Content edges enter below the collaborative ones: a small share of a typical row maximum.
      const typical = typicalRowMax(s);
      // toCold: histories reach cold items; fromCold: a cold item in a history reaches its look-alikes.
      s = combine([{ m: s, w: 1 }, { m: content.toCold, w: typical * 0.2 }, { m: content.fromCold, w: typical * 0.5 }], n, servingK);
      similar = combine([{ m: similar, w: 1 }, { m: content.fromCold, w: 0.5 }, { m: content.toCold, w: 0.5 }], n, SIMILAR_K);
    }
  }
  return {
    numItems: n,
    s,
    similar,
    pop: f.pop,
    popLocal: f.popLocal,
    weights: {
      cf: 1,
      pop: cfg.blend.pop / scales.pop!,
      popLocal: f.popLocal ? cfg.blend.popLocal / scales.popLocal! : 0,
      category: ctx.itemCats ? cfg.blend.category / scales.category! : 0,
    },
    recency: cfg.recency,
  };
}

function emptyMatrix(n: number): ItemMatrix {
  return { rows: n, cols: n, ptr: new Int32Array(n + 1), idx: new Int32Array(0), val: new Float32Array(0) };
}

function typicalRowMax(s: ItemMatrix): number {
  const maxes: number[] = [];
  for (let i = 0; i < s.rows; i++) {
    let m = 0;
    for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) if (s.val[a]! > m) m = s.val[a]!;
    if (m > 0) maxes.push(m);
  }
  if (maxes.length === 0) return 1;
  maxes.sort((a, b) => a - b);
  return maxes[Math.floor(maxes.length / 2)]!;
}

/**
 * Content neighbours for cold items (fewer than 2 users) from their embeddings: `toCold` links
 * every item to the cold items it resembles (so histories reach them), `fromCold` the reverse.
 */
function contentEdges(x: Csr, embeddings: NonNullable<TrainInput['embeddings']>, n: number) {
  const deg = new Int32Array(n);
  for (let k = 0; k < x.idx.length; k++) deg[x.idx[k]!]!++;
  const withVec: number[] = [];
  for (let i = 0; i < n; i++) if (embeddings[i]) withVec.push(i);
  const cold = withVec.filter((i) => deg[i]! < 2).slice(0, 2000);
  if (cold.length === 0) return null;
  const toRows: [number[], number[]][] = Array.from({ length: n }, () => [[], []] as [number[], number[]]);
  const fromRows: [number[], number[]][] = Array.from({ length: n }, () => [[], []] as [number[], number[]]);
  const CONTENT_K = 20;
  for (const c of cold) {
    const vc = embeddings[c]!;
    const sims: [number, number][] = [];
    for (const j of withVec) {
      if (j === c) continue;
      const vj = embeddings[j]!;
      let dot = 0;
      for (let d = 0; d < vc.length; d++) dot += vc[d]! * vj[d]!;
      if (dot > 0) sims.push([dot, j]);
    }
    sims.sort((a, b) => b[0] - a[0]);
    for (const [sim, j] of sims.slice(0, CONTENT_K)) {
      fromRows[c]![0].push(j);
      fromRows[c]![1].push(sim);
      toRows[j]![0].push(c);
      toRows[j]![1].push(sim);
    }
  }
  const toCsr = (rows: [number[], number[]][]): ItemMatrix => {
    const ptr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i]! + rows[i]![0].length;
    const idx = new Int32Array(ptr[n]!);
    const val = new Float32Array(ptr[n]!);
    for (let i = 0; i < n; i++) {
      idx.set(rows[i]![0], ptr[i]!);
      val.set(rows[i]![1], ptr[i]!);
    }
    return { rows: n, cols: n, ptr, idx, val };
  };
  return { toCold: toCsr(toRows), fromCold: toCsr(fromRows) };
}
