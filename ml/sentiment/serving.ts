// Runs the served sentiment graph (ml/sentiment/onnx-graph.ts, tap layout) on batches of token ids,
// with a cache of word taps: a word's projection onto every filter tap (sum(widths) x filters
// floats) is the same in every text, so it is computed once, the first time the word is seen, and
// then fed to the graph from memory. Reviews reuse a few thousand words, so after warm-up almost
// no projection is computed at all. The cache holds at most `capacity` words (FIFO eviction).
import * as ort from 'onnxruntime-node';

export interface TapRunResult {
  /** [rows, classes] row-major. */
  probabilities: Float32Array;
  logits: Float32Array;
}

export interface TapLayout {
  widths: number[];
  filters: number;
}

export class TapCache {
  private readonly taps = new Map<number, Float32Array>();
  /** Floats per word: one per filter of every tap of every width. */
  readonly width: number;
  /** Time padding of the graph's inputs: maxWidth - 1 before the text, maxWidth after. */
  readonly maxWidth: number;
  readonly zeros: Float32Array;
  hits = 0;
  misses = 0;

  constructor(
    layout: TapLayout,
    readonly capacity = 20_000,
  ) {
    this.width = layout.widths.reduce((n, w) => n + w, 0) * layout.filters;
    this.maxWidth = Math.max(...layout.widths);
    this.zeros = new Float32Array(this.width);
  }

  get size() {
    return this.taps.size;
  }

  get(id: number) {
    return this.taps.get(id);
  }

  set(id: number, taps: Float32Array) {
    if (this.capacity <= 0) return;
    if (this.taps.size >= this.capacity) this.taps.delete(this.taps.keys().next().value!);
    this.taps.set(id, taps);
  }
}

/** One padded batch of token id rows through the served graph; new word taps go into the cache. */
export async function runTapGraph(session: ort.InferenceSession, cache: TapCache, rows: readonly (readonly number[])[]): Promise<TapRunResult> {
  const before = cache.maxWidth - 1;
  const cols = Math.max(1, ...rows.map((r) => r.length)) + before + cache.maxWidth;
  const positions = new BigInt64Array(rows.length * cols); // 0: the zero row (padding)
  const mask = new BigInt64Array(rows.length * cols);
  const cached: Float32Array[] = [cache.zeros];
  const newIds: number[] = [];
  // Row of each distinct word: >= 0 in cached_taps, < 0 the -(j + 1)-th new word.
  const rowOf = new Map<number, number>();
  const pending: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < row.length; c++) {
      const id = row[c]!;
      let at = rowOf.get(id);
      if (at === undefined) {
        const hit = cache.get(id);
        if (hit) {
          at = cached.length;
          cached.push(hit);
          cache.hits++;
        } else {
          newIds.push(id);
          at = -newIds.length;
          cache.misses++;
        }
        rowOf.set(id, at);
      }
      const cell = r * cols + before + c;
      mask[cell] = 1n;
      if (at >= 0) positions[cell] = BigInt(at);
      else pending.push(cell, -at - 1);
    }
  }
  // New words come after the cached rows.
  for (let i = 0; i < pending.length; i += 2) positions[pending[i]!] = BigInt(cached.length + pending[i + 1]!);
  const W = cache.width;
  const cachedTaps = new Float32Array(cached.length * W);
  cached.forEach((t, i) => cachedTaps.set(t, i * W));
  // The graph always projects at least one word (zero-sized inputs are avoided): the padding row.
  const wordIds = newIds.length > 0 ? BigInt64Array.from(newIds, BigInt) : new BigInt64Array(1);
  const out = await session.run({
    word_ids: new ort.Tensor('int64', wordIds, [wordIds.length]),
    cached_taps: new ort.Tensor('float32', cachedTaps, [cached.length, W]),
    positions: new ort.Tensor('int64', positions, [rows.length, cols]),
    attention_mask: new ort.Tensor('int64', mask, [rows.length, cols]),
  });
  const fresh = out.new_taps!.data as Float32Array;
  for (let j = 0; j < newIds.length; j++) cache.set(newIds[j]!, fresh.slice(j * W, (j + 1) * W));
  return { probabilities: out.probabilities!.data as Float32Array, logits: out.logits!.data as Float32Array };
}
