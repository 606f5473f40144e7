// Item-to-item models on a users x items matrix X (positive weights): item-kNN (cosine with
// shrinkage), RP3beta (random walk with popularity penalty) and EASE (closed form, dense on the
// most popular items). Each yields a sparse item x item matrix S: a user with history h scores
// item j as sum_i h_i * S[i, j].
import { transpose, type Csr } from './interactions';
import { invertSpd } from './inverse';

export type ItemMatrix = Csr;

/** Keeps the k largest positive values of scratch over `touched`; returns [cols, vals] (unsorted). */
function selectTopK(scratch: Float64Array, touched: Int32Array, count: number, k: number, buf: Float64Array): [number[], number[]] {
  if (k >= scratch.length) {
    // Room for every item: keep every non-zero weight, negative ones too (EASE's are informative).
    const cols: number[] = [];
    const vals: number[] = [];
    for (let t = 0; t < count; t++) {
      const v = scratch[touched[t]!]!;
      if (v !== 0) {
        cols.push(touched[t]!);
        vals.push(v);
      }
    }
    return [cols, vals];
  }
  let m = 0;
  for (let t = 0; t < count; t++) {
    const v = scratch[touched[t]!]!;
    if (v > 0) buf[m++] = v;
  }
  let threshold = 0;
  if (m > k) threshold = kthLargest(buf, m, k);
  const cols: number[] = [];
  const vals: number[] = [];
  let ties = 0;
  for (let t = 0; t < count; t++) {
    const j = touched[t]!;
    const v = scratch[j]!;
    if (v > threshold) {
      cols.push(j);
      vals.push(v);
    } else if (v === threshold && v > 0) ties++;
  }
  if (ties > 0 && cols.length < k) {
    for (let t = 0; t < count && cols.length < k; t++) {
      const j = touched[t]!;
      if (scratch[j] === threshold) {
        cols.push(j);
        vals.push(threshold);
      }
    }
  }
  return [cols, vals];
}

/** The k-th largest of buf[0..m) (quickselect; reorders buf). */
export function kthLargest(buf: Float64Array, m: number, k: number): number {
  let lo = 0;
  let hi = m - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = buf[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! > pivot) i++;
      while (buf[j]! < pivot) j--;
      if (i <= j) {
        const tmp = buf[i]!;
        buf[i] = buf[j]!;
        buf[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return buf[target]!;
}

function buildCsr(n: number, rows: [number[], number[]][]): ItemMatrix {
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i]! + rows[i]![0].length;
  const idx = new Int32Array(ptr[n]!);
  const val = new Float32Array(ptr[n]!);
  for (let i = 0; i < n; i++) {
    const [c, v] = rows[i]!;
    idx.set(c, ptr[i]!);
    val.set(v, ptr[i]!);
  }
  return { rows: n, cols: n, ptr, idx, val };
}

/** Row-wise co-occurrence: calls `row(i, acc, touched, count)` with acc[j] = sum_u f(u, i) * g(u, j). */
function coRows(
  x: Csr,
  xt: Csr,
  left: (i: number, u: number, k: number) => number,
  right: (u: number, k: number) => number,
  emit: (i: number, acc: Float64Array, touched: Int32Array, count: number) => void,
) {
  const n = x.cols;
  const acc = new Float64Array(n);
  const mark = new Uint8Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let a = xt.ptr[i]!; a < xt.ptr[i + 1]!; a++) {
      const u = xt.idx[a]!;
      const l = left(i, u, a);
      for (let b = x.ptr[u]!; b < x.ptr[u + 1]!; b++) {
        const j = x.idx[b]!;
        if (j === i) continue;
        if (!mark[j]) {
          mark[j] = 1;
          touched[count++] = j;
        }
        acc[j]! += l * right(u, b);
      }
    }
    emit(i, acc, touched, count);
    for (let t = 0; t < count; t++) {
      acc[touched[t]!] = 0;
      mark[touched[t]!] = 0;
    }
  }
}

/** Item-kNN: cosine similarity with shrinkage, top-k neighbours per item. */
export function itemKnn(x: Csr, opts: { k: number; shrink: number }): ItemMatrix {
  const xt = transpose(x);
  const n = x.cols;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = xt.ptr[i]!; a < xt.ptr[i + 1]!; a++) s += xt.val[a]! * xt.val[a]!;
    norm[i] = Math.sqrt(s);
  }
  const rows: [number[], number[]][] = new Array(n);
  const buf = new Float64Array(n);
  coRows(
    x,
    xt,
    (_i, _u, a) => xt.val[a]!,
    (_u, b) => x.val[b]!,
    (i, acc, touched, count) => {
      for (let t = 0; t < count; t++) {
        const j = touched[t]!;
        acc[j] = acc[j]! / (norm[i]! * norm[j]! + opts.shrink);
      }
      rows[i] = selectTopK(acc, touched, count, opts.k, buf);
    },
  );
  return buildCsr(n, rows);
}

/** RP3beta (Paudel et al. 2017): P_iu^a * P_uj^a summed over users, divided by popularity_j^beta. */
export function rp3beta(x: Csr, opts: { k: number; alpha: number; beta: number }): ItemMatrix {
  const xt = transpose(x);
  const n = x.cols;
  const userSum = new Float64Array(x.rows);
  for (let u = 0; u < x.rows; u++) for (let b = x.ptr[u]!; b < x.ptr[u + 1]!; b++) userSum[u]! += x.val[b]!;
  const itemSum = new Float64Array(n);
  const itemDeg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let a = xt.ptr[i]!; a < xt.ptr[i + 1]!; a++) itemSum[i]! += xt.val[a]!;
    itemDeg[i] = xt.ptr[i + 1]! - xt.ptr[i]!;
  }
  const popPenalty = new Float64Array(n);
  for (let j = 0; j < n; j++) popPenalty[j] = itemDeg[j]! > 0 ? Math.pow(itemDeg[j]!, opts.beta) : 1;
  const rows: [number[], number[]][] = new Array(n);
  const buf = new Float64Array(n);
  coRows(
    x,
    xt,
    (i, _u, a) => Math.pow(xt.val[a]! / itemSum[i]!, opts.alpha),
    (u, b) => Math.pow(x.val[b]! / userSum[u]!, opts.alpha),
    (i, acc, touched, count) => {
      for (let t = 0; t < count; t++) {
        const j = touched[t]!;
        acc[j] = acc[j]! / popPenalty[j]!;
      }
      const [c, v] = selectTopK(acc, touched, count, opts.k, buf);
      // Row-normalise so that every history item votes with the same total weight.
      let s = 0;
      for (const w of v) s += w;
      rows[i] = [c, s > 0 ? v.map((w) => w / s) : v];
    },
  );
  return buildCsr(n, rows);
}

/** A dense EASE model over a subset of items (`items`: global index of each dense row). */
export interface DenseItemModel {
  items: Int32Array;
  /** Position of each global item in `items`, or -1. */
  pos: Int32Array;
  b: Float32Array;
}

/**
 * EASE (Steck 2019): B = I - P diagMat(1 / diag(P)), P = (X^T X + lambda I)^-1, restricted to the
 * `maxItems` items with the most users (a dense n x n inverse: ~n^3 / 2 multiply-adds).
 */
export async function ease(x: Csr, opts: { lambda: number; maxItems: number }): Promise<DenseItemModel> {
  const xt = transpose(x);
  const deg = new Int32Array(x.cols);
  for (let i = 0; i < x.cols; i++) deg[i] = xt.ptr[i + 1]! - xt.ptr[i]!;
  const order = [...deg.keys()].filter((i) => deg[i]! > 0).sort((a, b) => deg[b]! - deg[a]! || a - b);
  const items = Int32Array.from(order.slice(0, opts.maxItems));
  const n = items.length;
  const pos = new Int32Array(x.cols).fill(-1);
  items.forEach((g, p) => (pos[g] = p));
  const g = new Float64Array(n * n);
  const local: number[] = [];
  const vals: number[] = [];
  for (let u = 0; u < x.rows; u++) {
    local.length = 0;
    vals.length = 0;
    for (let b = x.ptr[u]!; b < x.ptr[u + 1]!; b++) {
      const p = pos[x.idx[b]!]!;
      if (p >= 0) {
        local.push(p);
        vals.push(x.val[b]!);
      }
    }
    for (let s = 0; s < local.length; s++) {
      const rowOff = local[s]! * n;
      const vs = vals[s]!;
      for (let t = 0; t < local.length; t++) g[rowOff + local[t]!]! += vs * vals[t]!;
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += opts.lambda;
  const p = await invertSpd(g, n);
  const b = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) b[i * n + j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
  }
  return { items, pos, b };
}

/** A dense model's rows as a sparse matrix over all items: top-k positive weights per row. */
export function denseToSparse(model: DenseItemModel, numItems: number, k: number): ItemMatrix {
  const n = model.items.length;
  const rows: [number[], number[]][] = Array.from({ length: numItems }, () => [[], []] as [number[], number[]]);
  const scratch = new Float64Array(numItems);
  const touched = new Int32Array(n);
  const buf = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      const j = model.items[q]!;
      scratch[j] = model.b[p * n + q]!;
      touched[q] = j;
    }
    rows[model.items[p]!] = selectTopK(scratch, touched, n, k, buf);
    for (let q = 0; q < n; q++) scratch[model.items[q]!] = 0;
  }
  return buildCsr(numItems, rows);
}

/** sum_m w_m * S_m, then the top-k positive weights of each row. */
export function combine(parts: { m: ItemMatrix; w: number }[], numItems: number, k: number): ItemMatrix {
  const rows: [number[], number[]][] = new Array(numItems);
  const acc = new Float64Array(numItems);
  const mark = new Uint8Array(numItems);
  const touched = new Int32Array(numItems);
  const buf = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) {
    let count = 0;
    for (const { m, w } of parts) {
      if (w === 0) continue;
      for (let a = m.ptr[i]!; a < m.ptr[i + 1]!; a++) {
        const j = m.idx[a]!;
        if (!mark[j]) {
          mark[j] = 1;
          touched[count++] = j;
        }
        acc[j]! += w * m.val[a]!;
      }
    }
    rows[i] = selectTopK(acc, touched, count, k, buf);
    for (let t = 0; t < count; t++) {
      acc[touched[t]!] = 0;
      mark[touched[t]!] = 0;
    }
  }
  return buildCsr(numItems, rows);
}

/** Adds h_i * S[i, :] for every history item into out. */
export function accumulateSparse(s: ItemMatrix, hist: readonly number[], weights: readonly number[], out: Float32Array, scale = 1) {
  for (let h = 0; h < hist.length; h++) {
    const i = hist[h]!;
    const w = weights[h]! * scale;
    if (w === 0) continue;
    for (let a = s.ptr[i]!; a < s.ptr[i + 1]!; a++) out[s.idx[a]!]! += w * s.val[a]!;
  }
}

/** Adds h_i * B[i, :] for every history item within the dense model into out. */
export function accumulateDense(d: DenseItemModel, hist: readonly number[], weights: readonly number[], out: Float32Array, scale = 1) {
  const n = d.items.length;
  for (let h = 0; h < hist.length; h++) {
    const p = d.pos[hist[h]!]!;
    if (p < 0) continue;
    const w = weights[h]! * scale;
    if (w === 0) continue;
    const off = p * n;
    for (let q = 0; q < n; q++) out[d.items[q]!]! += w * d.b[off + q]!;
  }
}
