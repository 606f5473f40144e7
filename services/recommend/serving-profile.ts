import type { Candidates } from '@/ml/recsys/serve';
import type { History } from '@/ml/recsys/model';
import type { Cell, LoadedModel } from './live-models';
import { modelHistory } from './rank';

/**
 * What serving needs of one actor under one model, derived from their history: the history in the
 * model's index space and weighting, the items to leave out, and (built on first use, for one
 * catalog version) their best personal items. Kept per actor in WorkspaceState.profiles and dropped
 * when the actor's history changes; a new model version or catalog change rebuilds it.
 */
export interface ServingProfile {
  model: LoadedModel;
  hist: History;
  /** Model indexes of every item in the history, and of the purchased ones. */
  seen: Int32Array;
  purchased: Int32Array;
  /** Whether this profile is kept between requests (its candidates are worth building). */
  cached: boolean;
  candidates: Candidates | null;
  /** The catalog version the candidates were built with (category scores depend on it). */
  candidatesCatalog: number;
  /** Approximate memory held, for the cache's budget. */
  bytes: number;
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
