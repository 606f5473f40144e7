import { describe, expect, it } from 'vitest';
import { addCategoryScoresCsr, addHistoryScores, addPopularity, categoriesCsr, topN, type History, type ItemCategoriesCsr, type RecModelData } from '@/ml/recsys/model';
import { SparseRanker } from '@/ml/recsys/serve';
import { categoryRelated, type Universe } from '@/ml/recsys/universe';
import { mulberry32 } from '@/ml/recsys/interactions';

// The sparse serving path must give exactly what scoring every item gives (the dense pass the
// recommender was evaluated with): same items, same order, same float32 scores.

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** A model with every part switched on: item x item rows (negative weights too), popularity, time-local popularity, recency, categories. */
function randomModel(seed: number, n: number, opts: { popLocal?: boolean; recency?: number | null; category?: number; density?: number } = {}) {
  const rng = mulberry32(seed);
  const ptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  const density = opts.density ?? 12;
  for (let i = 0; i < n; i++) {
    const cols = new Set<number>();
    const k = Math.floor(rng() * density * 2);
    while (cols.size < Math.min(k, n - 1)) {
      const j = Math.floor(rng() * n);
      if (j !== i) cols.add(j);
    }
    for (const j of [...cols].sort((a, b) => a - b)) {
      idx.push(j);
      val.push(rng() < 0.15 ? -rng() * 0.3 : rng());
    }
    ptr[i + 1] = idx.length;
  }
  // Popularity with ties (a few distinct levels) and zeros, max 1.
  const pop = Float32Array.from({ length: n }, () => (rng() < 0.2 ? 0 : Math.ceil(rng() * 20) / 20));
  pop[0] = 1;
  const buckets = 4;
  const popLocal = opts.popLocal
    ? {
        starts: Float64Array.from({ length: buckets }, (_x, b) => (b === 0 ? -Infinity : T0 + b * 10 * DAY)),
        vecs: Float32Array.from({ length: buckets * n }, () => (rng() < 0.3 ? 0 : rng())),
      }
    : null;
  const model: RecModelData = {
    numItems: n,
    s: { rows: n, cols: n, ptr, idx: Int32Array.from(idx), val: Float32Array.from(val) },
    similar: { rows: n, cols: n, ptr: new Int32Array(n + 1), idx: new Int32Array(0), val: new Float32Array(0) },
    pop,
    popLocal,
    weights: { cf: 1, pop: 0.3, popLocal: popLocal ? 0.2 : 0, category: opts.category ?? 1.5 },
    recency: opts.recency === undefined ? 6 : opts.recency,
  };
  // 0-3 categories per item out of 9, sometimes the same one twice; some items have none.
  const itemCats = Array.from({ length: n }, () => {
    const k = Math.floor(rng() * 4);
    const cs = Array.from({ length: k }, () => Math.floor(rng() * 9));
    return cs.length > 0 ? cs : undefined;
  });
  return { model, cats: categoriesCsr(itemCats), rng };
}

function randomHistory(rng: () => number, n: number): History {
  const len = Math.floor(rng() * 25);
  const items: number[] = [];
  const weights: number[] = [];
  for (let h = 0; h < len; h++) {
    items.push(Math.floor(rng() * n));
    weights.push(rng() < 0.1 ? -rng() : rng() < 0.3 ? 1 : Math.log1p(rng() * 5));
  }
  return { items, weights, lastTime: T0 + Math.floor(rng() * 45 * DAY) };
}

/** The dense reference: score every item, then topN with popularity tie-breaks. */
function dense(model: RecModelData, cats: ItemCategoriesCsr, hist: History, accept: (i: number) => boolean, limit: number) {
  const personal = hist.items.length > 0;
  const out = new Float32Array(model.numItems);
  addPopularity(model, personal ? hist.lastTime : Date.now(), out);
  if (personal) {
    addHistoryScores(model, hist, out);
    if (model.weights.category) addCategoryScoresCsr(out, hist, cats, model.pop, model.weights.category);
  }
  const ids = topN(out, limit, accept, model.pop);
  return { ids, scores: ids.map((i) => out[i]!) };
}

function randomFilter(rng: () => number, n: number, cats: ItemCategoriesCsr): { accept: (i: number) => boolean; universe: Universe | null } {
  const pass = Uint8Array.from({ length: n }, () => (rng() < 0.75 ? 1 : 0));
  if (rng() < 0.4) {
    const category = Math.floor(rng() * cats.count);
    const mask = new Uint8Array(n);
    for (let a = cats.byCat[category]!; a < cats.byCat[category + 1]!; a++) mask[cats.items[a]!] = 1;
    return { accept: (i) => mask[i] === 1 && pass[i] === 1, universe: { category, mask, related: categoryRelated(cats, category) } };
  }
  return { accept: (i) => pass[i] === 1, universe: null };
}

function orderFor(r: SparseRanker, time: number, cats: ItemCategoriesCsr, u: Universe | null, cache: Map<number, Int32Array>) {
  return u ? r.categoryOrder(time, cats, u.category, cache) : r.order(time);
}

describe('sparse serving (exact top-N without scoring every item)', () => {
  const variants = [
    { name: 'every part', seed: 1, n: 400, opts: {} },
    { name: 'time-local popularity', seed: 2, n: 300, opts: { popLocal: true } },
    { name: 'no recency, no category part', seed: 3, n: 250, opts: { recency: null, category: 0 } },
    { name: 'category part only (empty item x item matrix)', seed: 4, n: 300, opts: { density: 0, popLocal: true } },
  ];
  for (const v of variants) {
    it(`rank() equals the dense pass: ${v.name}`, () => {
      const { model, cats, rng } = randomModel(v.seed, v.n, v.opts);
      const r = new SparseRanker(model);
      const cache = new Map<number, Int32Array>();
      let nonEmpty = 0;
      for (let t = 0; t < 300; t++) {
        const hist = randomHistory(rng, v.n);
        const { accept, universe } = randomFilter(rng, v.n, cats);
        const limit = 1 + Math.floor(rng() * 40);
        const time = hist.items.length > 0 ? hist.lastTime : Date.now();
        const got = r.rank(hist, cats, accept, limit, universe, orderFor(r, time, cats, universe, cache));
        const want = dense(model, cats, hist, accept, limit);
        expect(got.ids).toEqual(want.ids);
        expect(got.scores).toEqual(want.scores);
        if (got.ids.length > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(250);
    });

    it(`select() from kept candidates equals the dense pass, or defers to rank(): ${v.name}`, () => {
      const { model, cats, rng } = randomModel(v.seed + 100, v.n, v.opts);
      const r = new SparseRanker(model);
      const cache = new Map<number, Int32Array>();
      let answered = 0;
      let deferred = 0;
      for (let t = 0; t < 300; t++) {
        const hist = randomHistory(rng, v.n);
        if (hist.items.length === 0) continue;
        const k = [4, 16, 64, 1000][t % 4]!;
        const cands = r.candidates(hist, cats, k);
        for (let q = 0; q < 3; q++) {
          const { accept, universe } = randomFilter(rng, v.n, cats);
          const limit = 1 + Math.floor(rng() * 20);
          const got = r.select(cands, accept, limit, orderFor(r, hist.lastTime, cats, universe, cache), hist.lastTime);
          if (got === null) {
            expect(cands.truncated).toBe(true); // only a truncated list can run short
            deferred++;
            continue;
          }
          const want = dense(model, cats, hist, accept, limit);
          expect(got.ids).toEqual(want.ids);
          expect(got.scores).toEqual(want.scores);
          answered++;
        }
      }
      expect(answered).toBeGreaterThan(200);
      expect(deferred).toBeGreaterThan(0);
    });
  }

  it('keeps the best personal items in order, and knows when it kept all of them', () => {
    const { model, cats, rng } = randomModel(7, 200);
    const r = new SparseRanker(model);
    const hist = randomHistory(rng, 200);
    hist.items.push(5, 9);
    hist.weights.push(1, 1);
    const all = r.candidates(hist, cats, 10_000);
    expect(all.truncated).toBe(false);
    expect([...all.skip]).toEqual([...all.ids].sort((a, b) => a - b));
    const some = r.candidates(hist, cats, 8);
    expect(some.truncated).toBe(true);
    expect([...some.ids]).toEqual([...all.ids].slice(0, 8));
    for (let k = 1; k < some.keys.length; k++) expect(some.keys[k]!).toBeLessThan(some.keys[k - 1]!);
  });

  it('gives popularity for an empty history, with base vectors cached per time bucket', () => {
    const { model, cats } = randomModel(8, 150, { popLocal: true });
    const r = new SparseRanker(model);
    const empty: History = { items: [], weights: [], lastTime: NaN };
    const got = r.rank(empty, cats, () => true, 10, null, r.order(Date.now()));
    expect(got).toEqual(dense(model, cats, empty, () => true, 10));
    expect(r.base(T0 + 11 * DAY)).toBe(r.base(T0 + 19 * DAY)); // same bucket, one vector
    expect(r.base(T0 + 11 * DAY)).not.toBe(r.base(T0 + 21 * DAY));
  });
});
