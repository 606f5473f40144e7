// An actor's serving profile under a model (see ServingProfile), built from their history cells.
import { servingHistory, type History } from '@/ml/recsys/model';
import type { EventWeights } from '@/ml/recsys/interactions';
import { cellWeight } from './histories';
import type { Cell, LoadedModel, ServingProfile } from './types';

/** A history (item ids, oldest first) in a model's index space and weighting. */
export function modelHistory(m: LoadedModel, cells: [string, Cell][]): History {
  const a = m.artifact;
  const w = a.eventWeights as unknown as EventWeights;
  const sorted = cells.slice().sort((x, y) => x[1].first - y[1].first);
  const items: number[] = [];
  const weights: number[] = [];
  let lastTime = -Infinity;
  for (const [id, c] of sorted) {
    const i = m.index.get(id);
    if (c.last > lastTime) lastTime = c.last;
    if (i === undefined) continue;
    items.push(i);
    weights.push(cellWeight(c, w, a.lowRatingsPositive));
  }
  return servingHistory({ items, weights, lastTime: Number.isFinite(lastTime) ? lastTime : Date.now() }, a.binary);
}

/** The serving profile of a history (cells by item id) under a model. */
export function buildServingProfile(m: LoadedModel, cells: [string, Cell][], cached: boolean): ServingProfile {
  const hist = modelHistory(m, cells);
  const seen: number[] = [];
  const purchased: number[] = [];
  for (const [id, c] of cells) {
    const i = m.index.get(id);
    if (i === undefined) continue;
    seen.push(i);
    if (c.counts[3]! > 0) purchased.push(i);
  }
  return {
    model: m,
    hist,
    seen: Int32Array.from(seen),
    purchased: Int32Array.from(purchased),
    cached,
    candidates: null,
    candidatesCatalog: -1,
    bytes: 256 + cells.length * 40,
  };
}
