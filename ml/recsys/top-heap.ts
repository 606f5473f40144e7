// The bounded heap and the ordering key of top-N ranking: the same order as topN in model.ts, so
// the sparse serving path answers exactly what scoring every item answers.

/** topN's ordering key: the score, then popularity (below 1e-9), then the lower index. */
export const keyOf = (score: number, pop: number, i: number) => score + pop * 1e-9 - i * 1e-15;

/** a ranks below b: a lower key, or the same key and a higher index (the dense scan keeps the lower). */
export const below = (ka: number, ia: number, kb: number, ib: number) => ka < kb || (ka === kb && ia > ib);

/** A bounded heap of (key, item, score) whose root is the worst kept, as topN keeps (reused: reset()). */
export class TopHeap {
  keys = new Float64Array(128);
  ids = new Int32Array(128);
  scores = new Float32Array(128);
  size = 0;
  limit = 0;
  /** Empties the heap for at most `limit` entries. */
  reset(limit: number): this {
    if (this.keys.length < limit) {
      this.keys = new Float64Array(limit);
      this.ids = new Int32Array(limit);
      this.scores = new Float32Array(limit);
    }
    this.size = 0;
    this.limit = limit;
    return this;
  }
  /** Whether (k, i) would enter: the heap has room, or it beats the worst kept. */
  admits(k: number, i: number): boolean {
    return this.size < this.limit || below(this.keys[0]!, this.ids[0]!, k, i);
  }
  /** Adds (k, i, s); the caller checked admits(k, i). */
  push(k: number, i: number, s: number) {
    const { keys, ids, scores } = this;
    if (this.size < this.limit) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!below(k, i, keys[p]!, ids[p]!)) break;
        keys[c] = keys[p]!;
        ids[c] = ids[p]!;
        scores[c] = scores[p]!;
        c = p;
      }
      keys[c] = k;
      ids[c] = i;
      scores[c] = s;
      return;
    }
    this.siftDown(k, i, s, this.size);
  }
  /** Puts (k, i, s) at the root and sifts it down within the first `size` entries. */
  private siftDown(k: number, i: number, s: number, size: number) {
    const { keys, ids, scores } = this;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && below(keys[r]!, ids[r]!, keys[l]!, ids[l]!) ? r : l;
      if (!below(keys[m]!, ids[m]!, k, i)) break;
      keys[p] = keys[m]!;
      ids[p] = ids[m]!;
      scores[p] = scores[m]!;
      p = m;
    }
    keys[p] = k;
    ids[p] = i;
    scores[p] = s;
  }
  /** Empties the heap into the arrays, best first (heapsort: the worst leaves first, from the back). */
  drain(outIds: { [k: number]: number }, outScores: { [k: number]: number }, outKeys?: Float64Array) {
    const { keys, ids, scores } = this;
    for (let n = this.size; n > 0; n--) {
      outIds[n - 1] = ids[0]!;
      outScores[n - 1] = scores[0]!;
      if (outKeys) outKeys[n - 1] = keys[0]!;
      if (n > 1) this.siftDown(keys[n - 1]!, ids[n - 1]!, scores[n - 1]!, n - 1);
    }
    this.size = 0;
  }
}
