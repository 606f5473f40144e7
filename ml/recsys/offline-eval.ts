// The offline evaluation protocol (the same as the held-out evaluation of the product): a per-user
// 80/20 split (temporal, or random for data without timestamps), training on the 80%, full ranking
// of every item for every user with the items they already have excluded, NDCG@10 / Recall@10 /
// HR@10 / coverage on the 20%. Baselines: popularity and item-kNN; Cairn: the trained servable model.
import { aggregate, DEFAULT_EVENT_WEIGHTS, positiveMatrix, randomSplit, temporalSplit, type InteractionLog } from './interactions';
import { accumulateSparse, itemKnn } from './item-models';
import { MetricsAccumulator, round4, type RankingMetrics } from './evaluate';
import { scoreHistory, servingHistory, topN, type History } from './model';
import { trainRecommender } from './train';
import type { TrainInput, TrainReport } from './train-types';

export interface OfflineResult {
  split: 'temporal' | 'random';
  users: number;
  trainEvents: number;
  testItems: number;
  popularity: RankingMetrics;
  itemKnn: RankingMetrics;
  cairn: RankingMetrics;
  trainMs: number;
  report: TrainReport;
}

/** Keeps the events of the mask in a new log. */
export function subLog(log: InteractionLog, mask: Uint8Array): InteractionLog {
  let n = 0;
  for (let e = 0; e < log.length; e++) if (mask[e]) n++;
  const out: InteractionLog = {
    numUsers: log.numUsers,
    numItems: log.numItems,
    length: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    kind: new Uint8Array(n),
    value: new Float32Array(n),
    time: new Float64Array(n),
  };
  for (let e = 0, o = 0; e < log.length; e++) {
    if (!mask[e]) continue;
    out.user[o] = log.user[e]!;
    out.item[o] = log.item[e]!;
    out.kind[o] = log.kind[e]!;
    out.value[o] = log.value[e]!;
    out.time[o++] = log.time[e]!;
  }
  return out;
}

export async function evaluateOffline(
  log: InteractionLog,
  opts: { split: 'temporal' | 'random'; seed?: number } & Omit<TrainInput, 'log'>,
): Promise<OfflineResult> {
  const split = opts.split === 'temporal' ? temporalSplit(log, 0.2, 2) : randomSplit(log, 0.2, opts.seed ?? 1, 2);
  const train = subLog(log, split.trainMask);
  const t = Date.now();
  const trained = await trainRecommender({ ...opts, log: train });
  const trainMs = Date.now() - t;

  // Histories and seen sets from the training part (all event types count as seen).
  const rows = aggregate(train, { weights: opts.weights ?? DEFAULT_EVENT_WEIGHTS, lowRatingsPositive: trained.config.prep.lowRatingsPositive, halfLifeDays: trained.config.prep.halfLifeDays });
  const n = log.numItems;
  const pop = new Float32Array(n);
  for (let e = 0; e < train.length; e++) pop[train.item[e]!]! += 1;
  const popMax = pop.reduce((m, v) => Math.max(m, v), 1);
  const popTie = pop.map((v) => v / popMax);
  const x = positiveMatrix(aggregate(train, { weights: DEFAULT_EVENT_WEIGHTS, lowRatingsPositive: true, halfLifeDays: null }), true);
  const knn = itemKnn(x, { k: 100, shrink: 0 });

  const accPop = new MetricsAccumulator(10, n);
  const accKnn = new MetricsAccumulator(10, n);
  const accCairn = new MetricsAccumulator(10, n);
  const out = new Float32Array(n);
  let testItems = 0;
  for (const [u, relevant] of split.heldOut) {
    const hist: History = { items: [], weights: [], lastTime: -Infinity };
    for (let k = rows.ptr[u]!; k < rows.ptr[u + 1]!; k++) {
      hist.items.push(rows.item[k]!);
      hist.weights.push(rows.weight[k]!);
      if (rows.last[k]! > hist.lastTime) hist.lastTime = rows.last[k]!;
    }
    const seen = new Set(hist.items);
    const rel = new Set([...relevant].filter((i) => !seen.has(i)));
    if (rel.size === 0) continue;
    testItems += rel.size;
    const accept = (i: number) => !seen.has(i);
    accPop.add(topN(pop, 10, accept), rel);
    out.fill(0);
    accumulateSparse(knn, hist.items, hist.items.map(() => 1), out);
    accKnn.add(topN(out, 10, accept, popTie), rel);
    out.fill(0);
    scoreHistory(trained.model, servingHistory(hist, trained.config.prep.binary), out, opts.itemCategories);
    accCairn.add(topN(out, 10, accept, trained.model.pop), rel);
  }
  return {
    split: opts.split,
    users: accCairn.result().users,
    trainEvents: train.length,
    testItems,
    popularity: round4(accPop.result()),
    itemKnn: round4(accKnn.result()),
    cairn: round4(accCairn.result()),
    trainMs,
    report: trained.report,
  };
}
