// Generated interaction data with planted structure, for tests, benchmarks and the offline evaluation.
import { logFromRows, mulberry32, type EventKind, type InteractionLog } from './interactions';

export interface SyntheticData {
  log: InteractionLog;
  itemCategories: number[][];
  numCategories: number;
}

/**
 * MovieLens-like explicit ratings: Zipf-skewed popularity, items in 1-3 of `genres` categories,
 * users with 2-3 favourite genres, releases spread over time (new items are hot for a while),
 * most users rating in one or a few sessions, tastes drifting slowly along a user's sequence,
 * ratings 1-5 from affinity plus noise. Defaults approximate MovieLens-100K's shape
 * (943 users, 1,682 items, ~100,000 ratings over ~7 months).
 */
export function movieLensLike(
  opts: { users?: number; items?: number; ratings?: number; genres?: number; days?: number; seed?: number; start?: number } = {},
): SyntheticData {
  const U = opts.users ?? 943;
  const I = opts.items ?? 1682;
  const R = opts.ratings ?? 100_000;
  const G = opts.genres ?? 18;
  const days = opts.days ?? 215;
  const rng = mulberry32(opts.seed ?? 7);
  const start = opts.start ?? Date.UTC(2024, 8, 1);
  const T = days * 86_400_000;

  const itemCategories: number[][] = [];
  const basePop = new Float64Array(I);
  const release = new Float64Array(I);
  for (let i = 0; i < I; i++) {
    const k = 1 + Math.floor(rng() * rng() * 3);
    const g = new Set<number>();
    while (g.size < k) g.add(Math.floor(Math.pow(rng(), 1.5) * G));
    itemCategories.push([...g]);
    basePop[i] = 1 / Math.pow(1 + Math.floor(rng() * I), 0.9);
    release[i] = rng() < 0.75 ? -T : rng() * T * 0.9;
  }
  // Hidden item quality drives both popularity and ratings.
  const quality = Float64Array.from({ length: I }, () => rng());

  const rows: { user: number; item: number; kind: EventKind; value: number; time: number }[] = [];
  const meanLen = R / U;
  const w = new Float64Array(I);
  for (let u = 0; u < U; u++) {
    const len = Math.max(20, Math.min(I / 2, Math.round(meanLen * Math.exp((rng() - 0.5) * 1.6) * 0.8)));
    const fav = new Map<number, number>();
    const nFav = 2 + Math.floor(rng() * 2);
    for (let f = 0; f < nFav; f++) fav.set(Math.floor(rng() * G), 1 + rng() * 3);
    let mood = [...fav.keys()][0]!;
    const s0 = rng() * T * 0.95;
    const sessions = rng() < 0.6 ? 1 : 2 + Math.floor(rng() * 4);
    const sessionStarts = Array.from({ length: sessions }, (_x, k) => s0 + k * rng() * 20 * 86_400_000).sort((a, b) => a - b);
    const seen = new Set<number>();
    for (let r = 0; r < len; r++) {
      const sIdx = Math.min(sessions - 1, Math.floor((r / len) * sessions));
      const t = Math.min(T, sessionStarts[sIdx]! + r * 40_000 + rng() * 30_000);
      if (rng() < 0.08) mood = [...fav.keys()][Math.floor(rng() * fav.size)]!;
      let total = 0;
      for (let i = 0; i < I; i++) {
        if (seen.has(i) || release[i]! > t) {
          w[i] = 0;
          continue;
        }
        let aff = 0.15;
        for (const g of itemCategories[i]!) {
          aff += fav.get(g) ?? 0;
          if (g === mood) aff += 2;
        }
        const age = (t - Math.max(0, release[i]!)) / 86_400_000;
        const fresh = release[i]! > 0 ? 1 + 6 * Math.exp(-age / 20) : 1;
        w[i] = basePop[i]! * aff * fresh * (0.5 + quality[i]!);
        total += w[i]!;
      }
      if (total <= 0) break;
      let x = rng() * total;
      let pick = 0;
      for (let i = 0; i < I; i++) {
        x -= w[i]!;
        if (x <= 0 && w[i]! > 0) {
          pick = i;
          break;
        }
      }
      seen.add(pick);
      let affinity = 0;
      for (const g of itemCategories[pick]!) affinity = Math.max(affinity, fav.get(g) ?? 0);
      const score = 1.5 + quality[pick]! * 2 + affinity * 0.4 + (rng() - 0.5) * 2;
      rows.push({ user: u, item: pick, kind: 'rating', value: Math.max(1, Math.min(5, Math.round(score))), time: start + Math.round(t) });
    }
  }
  return { log: logFromRows(U, I, rows), itemCategories, numCategories: G };
}

/**
 * A small shop with a sharply planted structure: items in `clusters` groups, each user loves one
 * group; 85% of their events fall in it. What a recommender must rediscover (tests).
 */
export function plantedClusters(opts: { users?: number; items?: number; clusters?: number; perUser?: number; seed?: number; start?: number } = {}) {
  const U = opts.users ?? 300;
  const I = opts.items ?? 200;
  const C = opts.clusters ?? 8;
  const per = opts.perUser ?? 20;
  const rng = mulberry32(opts.seed ?? 11);
  const start = opts.start ?? Date.UTC(2025, 0, 1);
  const clusterOf = Array.from({ length: I }, (_x, i) => i % C);
  const itemCategories = clusterOf.map((c) => [c]);
  const tasteOf = Array.from({ length: U }, () => Math.floor(rng() * C));
  const rows: { user: number; item: number; kind: EventKind; value?: number; time: number }[] = [];
  const kinds: EventKind[] = ['view', 'view', 'view', 'click', 'like', 'add_to_cart', 'purchase'];
  for (let u = 0; u < U; u++) {
    for (let e = 0; e < per; e++) {
      const inTaste = rng() < 0.85;
      let item: number;
      if (inTaste) {
        // Within the cluster, popularity is skewed.
        const k = Math.floor(Math.pow(rng(), 2) * (I / C));
        item = tasteOf[u]! + k * C;
      } else item = Math.floor(Math.pow(rng(), 3) * I);
      if (item >= I) item = tasteOf[u]!;
      rows.push({ user: u, item, kind: kinds[Math.floor(rng() * kinds.length)]!, time: start + u * 1000 + e * 60_000 + Math.floor(rng() * 30_000) });
    }
  }
  return { log: logFromRows(U, I, rows), itemCategories, tasteOf, clusterOf, numCategories: C };
}
