import { describe, expect, it } from 'vitest';
import { categoriesCsr, type RecModelData } from '@/ml/recsys/model';
import { ScratchPool } from '@/ml/recsys/rank-scratch';
import { SparseRanker } from '@/ml/recsys/serve';

// Ranking scratch is lent for one synchronous call: two calls never share it, whatever runs
// between them.

/** Five items, popularity descending by index; item 0's row points at items 3 and 4. */
function tinyModel(): RecModelData {
  const n = 5;
  return {
    numItems: n,
    s: { rows: n, cols: n, ptr: Int32Array.from([0, 2, 2, 2, 2, 2]), idx: Int32Array.from([3, 4]), val: Float32Array.from([2, 1]) },
    similar: { rows: n, cols: n, ptr: new Int32Array(n + 1), idx: new Int32Array(0), val: new Float32Array(0) },
    pop: Float32Array.from([1, 0.8, 0.6, 0.4, 0.2]),
    popLocal: null,
    weights: { cf: 1, pop: 1, popLocal: 0, category: 0 },
    recency: null,
  };
}

describe('rank scratch', () => {
  it('lends a different scratch to a nested call, and the same one again once returned', () => {
    const pool = new ScratchPool(5);
    const [outer, inner] = pool.lend((a) => [a, pool.lend((b) => b)] as const);
    expect(inner).not.toBe(outer);
    expect(pool.lend((c) => c === outer || c === inner)).toBe(true);
  });

  it('refuses a callback that returns a promise, and never lends its scratch again', () => {
    const pool = new ScratchPool(5);
    let held: unknown = null;
    // @ts-expect-error an async callback does not compile: its scratch would outlive the call
    expect(() => pool.lend(async (s) => (held = s))).toThrow(/synchronous/);
    expect(held).not.toBeNull();
    for (let k = 0; k < 3; k++) expect(pool.lend((s) => s)).not.toBe(held);
  });

  it("keeps one call's exclusion marks while another ranking runs in between", () => {
    const model = tinyModel();
    const r = new SparseRanker(model);
    const cats = categoriesCsr(new Array(5).fill(undefined));
    const hist = { items: [0], weights: [1], lastTime: Date.now() };
    const order = r.order(hist.lastTime);
    const ranked = r.withScratch((scratch) => {
      const st = scratch.exclusionStamp();
      scratch.excluded[3] = st; // this request leaves item 3 out
      const accept = (i: number) => scratch.excluded[i] !== st && i !== 0;
      // Another request ranks meanwhile (its own scratch, its own exclusions).
      const other = r.withScratch((s2) => {
        const st2 = s2.exclusionStamp();
        s2.excluded[4] = st2;
        return r.rank(hist, cats, (i) => s2.excluded[i] !== st2, 5, null, order, s2);
      });
      expect(other.ids).not.toContain(4);
      return r.rank(hist, cats, accept, 5, null, order, scratch);
    });
    expect(ranked.ids).not.toContain(3);
    expect(ranked.ids).toContain(4); // excluded only by the other request
    expect(ranked.ids[0]).toBe(4); // 0.2 popularity + 1 from item 0's row beats item 1's 0.8
  });
});
