// Public and generated data sets for the offline evaluation (`npm run eval:recs`).
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_KINDS } from './interactions';
import { movieLensLike, plantedClusters } from './synthetic';

export interface Dataset {
  name: string;
  /** temporal: real (or generated) timestamps; random: none, so the split is random per user. */
  split: 'temporal' | 'random';
  items: { id: string; title: string; categories: string[] }[];
  interactions: { user: string; item: string; type: string; value?: number; time: number }[];
  note: string;
}

/**
 * HetRec 2011 Last.fm 2k (`user_artists.dat`: user, artist, play count; `artists.dat`: names).
 * No timestamps: interactions get spread times only so that ordering carries no signal.
 */
export function loadLastfm(dir: string, now = Date.now()): Dataset {
  const artists = fs.readFileSync(path.join(dir, 'artists.dat'), 'utf8').split('\n').slice(1);
  const names = new Map<string, string>();
  for (const line of artists) {
    const [id, name] = line.split('\t');
    if (id && name) names.set(id, name);
  }
  const rows = fs.readFileSync(path.join(dir, 'user_artists.dat'), 'utf8').split('\n');
  const interactions: Dataset['interactions'] = [];
  const used = new Set<string>();
  let k = 0;
  for (const line of rows) {
    const [u, a, w] = line.trim().split('\t');
    if (!u || !a || !w) continue;
    used.add(a);
    // A deterministic scramble of times over 30 days (no order signal).
    const t = now - 30 * 86_400_000 + ((k++ * 2654435761) % 2_592_000) * 1000;
    interactions.push({ user: `u${u}`, item: `a${a}`, type: 'view', value: Number(w), time: t });
  }
  const items = [...used].map((a) => ({ id: `a${a}`, title: names.get(a) ?? `artist ${a}`, categories: [] }));
  return { name: 'lastfm-2k', split: 'random', items, interactions, note: 'HetRec 2011 Last.fm 2k, play counts as view events; no timestamps: random per-user 80/20 split' };
}

/** Generated MovieLens-like ratings (see synthetic.ts), with genres as categories. */
export function loadMovieLensLike(): Dataset {
  // Historical times, as MovieLens-100K's (September 1997 to April 1998).
  const d = movieLensLike({ start: Date.UTC(1997, 8, 20), days: 215 });
  const items = d.itemCategories.map((cats, i) => ({ id: `m${i}`, title: `movie ${i}`, categories: cats.map((c) => `genre-${c}`) }));
  const interactions: Dataset['interactions'] = [];
  for (let e = 0; e < d.log.length; e++) {
    interactions.push({ user: `u${d.log.user[e]}`, item: `m${d.log.item[e]}`, type: EVENT_KINDS[d.log.kind[e]!]!, value: d.log.value[e]!, time: d.log.time[e]! });
  }
  return { name: 'movielens-like', split: 'temporal', items, interactions, note: 'generated MovieLens-100K-like ratings (943 users, 1,682 items, ~100k ratings 1-5 sent as rating events with 1997-98 timestamps, popularity skew, releases and sessions over time)' };
}

/** Generated shop with sharply planted tastes (see synthetic.ts). */
export function loadPlanted(now = Date.now()): Dataset {
  const d = plantedClusters({ users: 1000, items: 500, clusters: 10, perUser: 25, start: now - 20 * 86_400_000 });
  const items = d.itemCategories.map((cats, i) => ({ id: `p${i}`, title: `product ${i}`, categories: cats.map((c) => `cat-${c}`) }));
  const interactions: Dataset['interactions'] = [];
  for (let e = 0; e < d.log.length; e++) {
    interactions.push({ user: `u${d.log.user[e]}`, item: `p${d.log.item[e]}`, type: EVENT_KINDS[d.log.kind[e]!]!, time: d.log.time[e]! });
  }
  return { name: 'planted', split: 'temporal', items, interactions, note: 'generated shop: 10 taste clusters, 85% of each user\'s events in their cluster' };
}
