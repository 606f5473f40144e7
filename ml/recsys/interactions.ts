// Interaction logs and their preparation for training: event kinds -> signed weights, time decay,
// aggregation per (user, item), and the per-user temporal split used for validation.
// ml/ knows nothing of tenants or HTTP: users and items are dense indexes here.
import { mulberry32 } from '../runtime/random';

export const EVENT_KINDS = ['view', 'click', 'add_to_cart', 'purchase', 'rating', 'like', 'dislike'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const KIND_INDEX: Readonly<Record<string, number>> = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i]));
export const RATING = KIND_INDEX.rating!;

/** Weight of one event per type; ratings by band. Negative weights are negative feedback. */
export interface EventWeights {
  view: number;
  click: number;
  add_to_cart: number;
  purchase: number;
  like: number;
  dislike: number;
  /** rating >= 4 (on a 1-5 scale) */
  ratingHigh: number;
  /** rating 3 (also ratings in (2, 4)) */
  ratingMid: number;
  /** rating <= 2 */
  ratingLow: number;
}

/** Defaults: purchase > add_to_cart > like / rating >= 4 > click > view; dislike and rating <= 2 negative. */
export const DEFAULT_EVENT_WEIGHTS: EventWeights = {
  view: 1,
  click: 2,
  add_to_cart: 4,
  purchase: 6,
  like: 3,
  dislike: -3,
  ratingHigh: 3,
  ratingMid: 1.5,
  ratingLow: -1.5,
};

/** A columnar log of item events (one row per event). */
export interface InteractionLog {
  numUsers: number;
  numItems: number;
  length: number;
  user: Int32Array;
  item: Int32Array;
  kind: Uint8Array;
  /** NaN when the event has no value. */
  value: Float32Array;
  /** Epoch milliseconds. */
  time: Float64Array;
}

/** Builds a log from rows (tests, generators, evaluation scripts). */
export function logFromRows(
  numUsers: number,
  numItems: number,
  rows: readonly { user: number; item: number; kind: EventKind | number; value?: number | null; time: number }[],
): InteractionLog {
  const n = rows.length;
  const log: InteractionLog = {
    numUsers,
    numItems,
    length: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    kind: new Uint8Array(n),
    value: new Float32Array(n),
    time: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    log.user[i] = r.user;
    log.item[i] = r.item;
    log.kind[i] = typeof r.kind === 'number' ? r.kind : KIND_INDEX[r.kind]!;
    log.value[i] = r.value ?? NaN;
    log.time[i] = r.time;
  });
  return log;
}

/** How raw events become one signed weight per (user, item). The training search picks among these. */
export interface PrepOptions {
  weights: EventWeights;
  /**
   * Count low ratings (and the mid band) as positive interest: "the user chose to watch it". On
   * data whose future interactions include low ratings this predicts better; validation decides.
   */
  lowRatingsPositive: boolean;
  /** Half-life of the time decay in days (relative to the newest event); null: no decay. */
  halfLifeDays: number | null;
}

export function eventWeight(kind: number, value: number, w: EventWeights, lowRatingsPositive: boolean): number {
  switch (kind) {
    case 0:
      return w.view;
    case 1:
      return w.click;
    case 2:
      return w.add_to_cart;
    case 3:
      return w.purchase;
    case 4: {
      // Ratings on any scale are read as 1-5 when they fit it; values above 5 (e.g. 1-10) are halved.
      const r = Number.isFinite(value) ? (value > 5 ? value / 2 : value) : 3;
      if (r >= 4) return w.ratingHigh;
      if (r > 2) return lowRatingsPositive ? Math.max(w.ratingMid, 1) : w.ratingMid;
      return lowRatingsPositive ? Math.max(Math.abs(w.ratingLow) / 2, 0.5) : w.ratingLow;
    }
    case 5:
      return w.like;
    case 6:
      return w.dislike;
    default:
      return 0;
  }
}

/**
 * Per-user rows, sorted by the time of each (user, item) pair's first event: the user's history
 * in order. `weight` is signed (negative feedback kept for scoring; training uses the positive part).
 */
export interface UserRows {
  numUsers: number;
  numItems: number;
  ptr: Int32Array;
  item: Int32Array;
  weight: Float32Array;
  first: Float64Array;
  last: Float64Array;
}

/** Aggregates the events selected by `keep` (all when omitted) into per-user rows. */
export function aggregate(log: InteractionLog, opts: PrepOptions, keep?: Uint8Array): UserRows {
  let tMax = -Infinity;
  for (let e = 0; e < log.length; e++) if ((!keep || keep[e]) && log.time[e]! > tMax) tMax = log.time[e]!;
  const decayPerMs = opts.halfLifeDays ? Math.LN2 / (opts.halfLifeDays * 86_400_000) : 0;
  // Sort the kept events by (user, item) with a key map per user.
  const perUser: Map<number, { w: number; first: number; last: number }>[] = new Array(log.numUsers);
  for (let e = 0; e < log.length; e++) {
    if (keep && !keep[e]) continue;
    const u = log.user[e]!;
    const i = log.item[e]!;
    const t = log.time[e]!;
    let w = eventWeight(log.kind[e]!, log.value[e]!, opts.weights, opts.lowRatingsPositive);
    if (decayPerMs) w *= Math.exp(-decayPerMs * (tMax - t));
    const m = (perUser[u] ??= new Map());
    const cell = m.get(i);
    if (cell) {
      cell.w += w;
      if (t < cell.first) cell.first = t;
      if (t > cell.last) cell.last = t;
    } else m.set(i, { w, first: t, last: t });
  }
  const ptr = new Int32Array(log.numUsers + 1);
  for (let u = 0; u < log.numUsers; u++) ptr[u + 1] = ptr[u]! + (perUser[u]?.size ?? 0);
  const nnz = ptr[log.numUsers]!;
  const item = new Int32Array(nnz);
  const weight = new Float32Array(nnz);
  const first = new Float64Array(nnz);
  const last = new Float64Array(nnz);
  for (let u = 0; u < log.numUsers; u++) {
    const m = perUser[u];
    if (!m) continue;
    const entries = [...m.entries()].sort((a, b) => a[1].first - b[1].first || a[0] - b[0]);
    let k = ptr[u]!;
    for (const [i, c] of entries) {
      item[k] = i;
      weight[k] = c.w;
      first[k] = c.first;
      last[k] = c.last;
      k++;
    }
  }
  return { numUsers: log.numUsers, numItems: log.numItems, ptr, item, weight, first, last };
}

/** The positive-weight part of the rows: the training matrix X (users x items). */
export interface Csr {
  rows: number;
  cols: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
}

/** X from the rows: positive weights only, as log(1 + w) (or 1 when binary). */
export function positiveMatrix(rows: UserRows, binary: boolean): Csr {
  const ptr = new Int32Array(rows.numUsers + 1);
  for (let u = 0; u < rows.numUsers; u++) {
    let c = 0;
    for (let k = rows.ptr[u]!; k < rows.ptr[u + 1]!; k++) if (rows.weight[k]! > 0) c++;
    ptr[u + 1] = ptr[u]! + c;
  }
  const idx = new Int32Array(ptr[rows.numUsers]!);
  const val = new Float32Array(idx.length);
  for (let u = 0, o = 0; u < rows.numUsers; u++) {
    for (let k = rows.ptr[u]!; k < rows.ptr[u + 1]!; k++) {
      const w = rows.weight[k]!;
      if (w > 0) {
        idx[o] = rows.item[k]!;
        val[o++] = binary ? 1 : Math.log1p(w);
      }
    }
  }
  return { rows: rows.numUsers, cols: rows.numItems, ptr, idx, val };
}

/** The transpose of a CSR matrix. */
export function transpose(m: Csr): Csr {
  const ptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < m.idx.length; k++) ptr[m.idx[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) ptr[c + 1]! += ptr[c]!;
  const fill = ptr.slice(0, m.cols);
  const idx = new Int32Array(m.idx.length);
  const val = new Float32Array(m.idx.length);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.ptr[r]!; k < m.ptr[r + 1]!; k++) {
      const o = fill[m.idx[k]!]!++;
      idx[o] = r;
      val[o] = m.val[k]!;
    }
  }
  return { rows: m.cols, cols: m.rows, ptr, idx, val };
}

/**
 * Per-user temporal split of the log: for each user with at least `minItems` distinct items, the
 * last `fraction` of their items (by first interaction) are held out, with every event on them.
 * Returns the mask of training events and each user's held-out items (the relevant set).
 */
export function temporalSplit(
  log: InteractionLog,
  fraction = 0.2,
  minItems = 3,
): { trainMask: Uint8Array; heldOut: Map<number, Set<number>> } {
  const firstSeen = new Map<number, Map<number, number>>();
  for (let e = 0; e < log.length; e++) {
    const u = log.user[e]!;
    const m = firstSeen.get(u) ?? (firstSeen.set(u, new Map()), firstSeen.get(u)!);
    const t = log.time[e]!;
    const prev = m.get(log.item[e]!);
    if (prev === undefined || t < prev) m.set(log.item[e]!, t);
  }
  const heldOut = new Map<number, Set<number>>();
  for (const [u, m] of firstSeen) {
    if (m.size < minItems) continue;
    // Equal times (data sent without timestamps) order by a hash, not by index: the split is then
    // pseudo-random instead of always holding out the same items.
    const ordered = [...m.entries()].sort((a, b) => a[1] - b[1] || mix(u, a[0]) - mix(u, b[0]) || a[0] - b[0]);
    const k = Math.max(1, Math.round(ordered.length * fraction));
    heldOut.set(u, new Set(ordered.slice(ordered.length - k).map(([i]) => i)));
  }
  const trainMask = new Uint8Array(log.length);
  for (let e = 0; e < log.length; e++) trainMask[e] = heldOut.get(log.user[e]!)?.has(log.item[e]!) ? 0 : 1;
  return { trainMask, heldOut };
}

/** A deterministic hash of (user, item), for tie-breaks. */
function mix(u: number, i: number): number {
  let h = Math.imul(u ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A random per-user split (for data without timestamps, e.g. Last.fm), seeded. */
export function randomSplit(log: InteractionLog, fraction: number, seed: number, minItems = 3) {
  const rng = mulberry32(seed);
  const items = new Map<number, Set<number>>();
  for (let e = 0; e < log.length; e++) {
    const u = log.user[e]!;
    (items.get(u) ?? (items.set(u, new Set()), items.get(u)!)).add(log.item[e]!);
  }
  const heldOut = new Map<number, Set<number>>();
  for (const [u, s] of items) {
    if (s.size < minItems) continue;
    const arr = [...s].sort((a, b) => a - b);
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [arr[i], arr[j]] = [arr[j]!, arr[i]!];
    }
    heldOut.set(u, new Set(arr.slice(0, Math.max(1, Math.round(arr.length * fraction)))));
  }
  const trainMask = new Uint8Array(log.length);
  for (let e = 0; e < log.length; e++) trainMask[e] = heldOut.get(log.user[e]!)?.has(log.item[e]!) ? 0 : 1;
  return { trainMask, heldOut };
}

export { mulberry32 };
