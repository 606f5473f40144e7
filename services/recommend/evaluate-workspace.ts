import { evaluateOffline } from '@/ml/recsys/offline-eval';
import { loadTrainingData } from './load-training-data';
import { getRecSettings } from './get-rec-settings';
import { env } from '@/services/config/env';
import { trainSearchBudgetMs } from './train-model';

/**
 * Offline evaluation on a workspace's own events (`cairn eval recs`): per-user temporal 80/20
 * split, training on the 80% exactly as the worker does, full ranking with seen items excluded;
 * NDCG@10, Recall@10, HR@10 and coverage for popularity, item-kNN and Cairn.
 */
export async function evaluateWorkspace(workspaceId: string, opts: { onLog?: (line: string) => void } = {}) {
  const settings = await getRecSettings(workspaceId);
  const data = await loadTrainingData(workspaceId, new Date());
  const r = await evaluateOffline(data.log, {
    split: 'temporal',
    itemCategories: data.itemCategories,
    embeddings: data.embeddings,
    weights: settings.eventWeights,
    halfLifeDays: settings.halfLifeDays,
    timeBudgetMs: trainSearchBudgetMs(),
    easeMaxItems: env().RECS_EASE_MAX_ITEMS,
    onLog: opts.onLog,
  });
  return {
    workspaceId,
    protocol: 'per-user temporal 80/20 split, full ranking, seen items excluded, k = 10',
    events: data.log.length,
    users: r.users,
    items: data.itemIds.length,
    testItems: r.testItems,
    trainMs: r.trainMs,
    popularity: r.popularity,
    itemKnn: r.itemKnn,
    cairn: r.cairn,
    chosen: r.report.config,
  };
}
