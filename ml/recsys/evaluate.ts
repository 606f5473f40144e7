// Offline evaluation: top-k ranking metrics over held-out items, full ranking with seen items excluded.

export interface RankingMetrics {
  /** NDCG@k with binary relevance; ideal DCG over min(|relevant|, k) hits. */
  ndcg: number;
  /** Hits in the top k / |relevant| (mean over users). */
  recall: number;
  /** Share of users with at least one hit in the top k. */
  hitRate: number;
  /** Distinct recommended items / catalog size. */
  coverage: number;
  users: number;
}

const LOG2 = Array.from({ length: 1025 }, (_, r) => 1 / Math.log2(r + 2));

/** Accumulates per-user results into ranking metrics. */
export class MetricsAccumulator<T = number> {
  private ndcg = 0;
  private recall = 0;
  private hits = 0;
  private users = 0;
  private readonly recommended = new Set<T>();
  constructor(
    readonly k: number,
    private readonly catalogSize: number,
  ) {}

  add(ranked: readonly T[], relevant: ReadonlySet<T>) {
    if (relevant.size === 0) return;
    let dcg = 0;
    let h = 0;
    const top = Math.min(this.k, ranked.length);
    for (let r = 0; r < top; r++) {
      this.recommended.add(ranked[r]!);
      if (relevant.has(ranked[r]!)) {
        dcg += LOG2[r]!;
        h++;
      }
    }
    let idcg = 0;
    for (let r = 0; r < Math.min(this.k, relevant.size); r++) idcg += LOG2[r]!;
    this.ndcg += dcg / idcg;
    this.recall += h / relevant.size;
    this.hits += h > 0 ? 1 : 0;
    this.users++;
  }

  result(): RankingMetrics {
    const u = Math.max(1, this.users);
    return {
      ndcg: this.ndcg / u,
      recall: this.recall / u,
      hitRate: this.hits / u,
      coverage: this.catalogSize > 0 ? this.recommended.size / this.catalogSize : 0,
      users: this.users,
    };
  }
}

export const round4 = (m: RankingMetrics): RankingMetrics => ({
  ndcg: Math.round(m.ndcg * 1e4) / 1e4,
  recall: Math.round(m.recall * 1e4) / 1e4,
  hitRate: Math.round(m.hitRate * 1e4) / 1e4,
  coverage: Math.round(m.coverage * 1e4) / 1e4,
  users: m.users,
});
