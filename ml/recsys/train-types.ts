// What training takes and gives: its input, the chosen configuration, and the report of the search.
import type { EventWeights, InteractionLog } from './interactions';
import type { RecModelData } from './model';
import type { RankingMetrics } from './evaluate';

export interface TrainInput {
  log: InteractionLog;
  /** Category indexes of each item (optional: enables the category model). */
  itemCategories?: readonly (readonly number[] | undefined)[];
  /** L2-normalised item embeddings (optional: content neighbours for cold-start items). */
  embeddings?: readonly (Float32Array | undefined)[];
  weights?: EventWeights;
  /** Time decay of event weights, in days (null: none). */
  halfLifeDays?: number | null;
  /** Soft budget for the hyper-parameter search; the final fit always runs. */
  timeBudgetMs?: number;
  /** The configuration of the version serving now: scored on the same validation split. */
  previous?: RecConfig | null;
  /** EASE's dense inverse is limited to this many items (~n^3 / 2 multiply-adds). */
  easeMaxItems?: number;
  onLog?: (line: string) => void;
}

export interface RecConfig {
  prep: { lowRatingsPositive: boolean; halfLifeDays: number | null; binary: boolean };
  knn: { k: number; shrink: number } | null;
  rp3: { k: number; alpha: number; beta: number } | null;
  ease: { lambda: number; maxItems: number } | null;
  popHalfLifeDays: number | null;
  popLocalTau: number | null;
  recency: number | null;
  /** Blend weights on scaled components (0: unused). */
  blend: { knn: number; rp3: number; ease: number; pop: number; popLocal: number; category: number };
}

export interface CandidateResult {
  name: string;
  family: string;
  params: Record<string, unknown>;
  metrics: RankingMetrics;
  ms: number;
}

export interface TrainReport {
  validation: { users: number; heldOutItems: number; trainEvents: number } | null;
  candidates: CandidateResult[];
  popularity: RankingMetrics | null;
  itemKnn: RankingMetrics | null;
  blend: RankingMetrics | null;
  /** The servable model (truncated, blended matrix) on the validation split. */
  serving: RankingMetrics | null;
  previous: RankingMetrics | null;
  config: RecConfig;
  timings: Record<string, number>;
  logs: string[];
}

export interface TrainOutput {
  model: RecModelData;
  config: RecConfig;
  report: TrainReport;
}
