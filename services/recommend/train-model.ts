import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import type { Logger } from '@/services/logger';
import { trainRecommender } from '@/ml/recsys/train';
import type { RecConfig } from '@/ml/recsys/train-types';
import { encodeArtifact } from '@/ml/recsys/artifact';
import { loadTrainingData } from './load-training-data';
import { getRecSettings } from './get-rec-settings';
import { MIN_TRAINING_EVENTS, MIN_TRAINING_USERS, notEnoughData } from './training-minimum';

/** Artifacts kept besides the serving and A/B versions; older versions keep metrics and logs only. */
const KEEP_ARTIFACTS = 5;
/** Soft budget of the hyper-parameter search (the final fit always runs): RECS_TRAIN_BUDGET_MS. */
export const trainSearchBudgetMs = () => env().RECS_TRAIN_BUDGET_MS;

/**
 * Trains version `version` of a workspace's recommender (the train-recommender job): reads the
 * events, runs the validation search and the final fit, stores metrics, logs and the packed model,
 * and promotes it when it is not worse on validation than the configuration serving now (scored
 * on the same split) and no newer version serves. Failures are recorded on the version, not thrown.
 */
export async function trainModel(workspaceId: string, version: number, log: Logger): Promise<void> {
  const row = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId, version } } });
  if (!row || row.status === 'completed' || row.status === 'failed') return;
  const started = new Date();
  await db().recModelVersion.update({ where: { workspaceId_version: { workspaceId, version } }, data: { status: 'running', startedAt: started } });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const lines: string[] = [];
  try {
    const settings = await getRecSettings(workspaceId);
    const previous = settings.activeVersion
      ? await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId, version: settings.activeVersion } }, select: { config: true } })
      : null;
    const cutoff = new Date();
    const data = await loadTrainingData(workspaceId, cutoff);
    lines.push(`loaded ${data.log.length} events, ${data.users} users, ${data.itemIds.length} items in ${Date.now() - started.getTime()} ms`);
    const tooLittle = notEnoughData(data.log.length, data.users);
    if (tooLittle) {
      // Recorded as a completed run that is not promoted: what serves now keeps serving.
      const decision = `not promoted: ${tooLittle}; ${settings.activeVersion ? `v${settings.activeVersion}` : 'popular items'} keep${settings.activeVersion ? 's' : ''} serving`;
      const finished = new Date();
      clearInterval(sampler);
      await db().recModelVersion.update({
        where: { workspaceId_version: { workspaceId, version } },
        data: {
          status: 'completed', finishedAt: finished, durationMs: finished.getTime() - started.getTime(), events: data.log.length, users: data.users, items: data.itemIds.length, dataCutoff: cutoff,
          metrics: { notEnoughData: { events: data.log.length, users: data.users, minEvents: MIN_TRAINING_EVENTS, minUsers: MIN_TRAINING_USERS } },
          logs: [...lines, decision].join('\n'), promoted: false, decision, peakMemoryMb: Math.round(peak / 1048576),
        },
      });
      log.info({ workspaceId, version, events: data.log.length, users: data.users }, 'recommender not trained: not enough data');
      return;
    }
    const out = await trainRecommender({
      log: data.log,
      itemCategories: data.itemCategories,
      embeddings: data.embeddings,
      weights: settings.eventWeights,
      halfLifeDays: settings.halfLifeDays,
      previous: (previous?.config as RecConfig | null | undefined) ?? null,
      timeBudgetMs: trainSearchBudgetMs(),
      easeMaxItems: env().RECS_EASE_MAX_ITEMS,
      onLog: (l) => lines.push(l),
    });
    const artifact = encodeArtifact({
      itemIds: data.itemIds,
      model: out.model,
      binary: out.config.prep.binary,
      eventWeights: { ...settings.eventWeights },
      lowRatingsPositive: out.config.prep.lowRatingsPositive,
      halfLifeDays: out.config.prep.halfLifeDays,
    });
    const r = out.report;
    let promote = true;
    let decision: string;
    if (!settings.activeVersion) decision = 'promoted: first model of the workspace';
    else if (r.serving && r.previous) {
      promote = r.serving.ndcg >= r.previous.ndcg - 1e-9;
      decision = `${promote ? 'promoted' : 'not promoted'}: validation NDCG@10 ${r.serving.ndcg} vs ${r.previous.ndcg} for the configuration of v${settings.activeVersion} on the same split`;
    } else decision = 'promoted: too little data to compare on validation';
    const finished = new Date();
    clearInterval(sampler);
    await db().$transaction(async (tx) => {
      // A retried run (its worker crashed) can finish after a later version was promoted: never
      // replace a newer serving version. The settings row is the lock, as in requestTraining.
      const [current] = await tx.$queryRaw<{ activeVersion: number | null }[]>`
        SELECT "activeVersion" FROM "RecSettings" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
      if (promote && current?.activeVersion && current.activeVersion > version) {
        promote = false;
        decision = `not promoted: v${current.activeVersion} is newer and already serving (validation alone: ${decision})`;
      }
      await tx.recModelVersion.update({
        where: { workspaceId_version: { workspaceId, version } },
        data: {
          status: 'completed',
          finishedAt: finished,
          durationMs: finished.getTime() - started.getTime(),
          events: data.log.length,
          users: data.users,
          items: data.itemIds.length,
          dataCutoff: cutoff,
          metrics: JSON.parse(JSON.stringify({ blend: r.blend, serving: r.serving, popularity: r.popularity, itemKnn: r.itemKnn, previous: r.previous, validation: r.validation })),
          report: JSON.parse(JSON.stringify({ candidates: r.candidates, timings: r.timings })),
          config: JSON.parse(JSON.stringify(out.config)),
          logs: [...lines, decision].join('\n'),
          promoted: promote,
          decision,
          peakMemoryMb: Math.round(peak / 1048576),
          artifact: new Uint8Array(artifact),
        },
      });
      if (promote) {
        await tx.recSettings.upsert({
          where: { workspaceId },
          create: { workspaceId, activeVersion: version },
          update: { activeVersion: version, updatedAt: finished },
        });
      }
      // Bounded storage: clear the artifacts of old versions that nothing serves.
      const s = await tx.recSettings.findUnique({ where: { workspaceId } });
      const keep = await tx.recModelVersion.findMany({
        where: { workspaceId, status: 'completed', artifact: { not: null } },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const protectedVersions = new Set([s?.activeVersion, s?.abVersionA, s?.abVersionB].filter((v): v is number => typeof v === 'number'));
      const drop = keep.slice(KEEP_ARTIFACTS).map((k) => k.version).filter((v) => !protectedVersions.has(v));
      if (drop.length > 0) await tx.recModelVersion.updateMany({ where: { workspaceId, version: { in: drop } }, data: { artifact: null } });
    });
    log.info({ workspaceId, version, ms: finished.getTime() - started.getTime(), ndcg: r.serving?.ndcg, promoted: promote }, 'recommender trained');
  } catch (err) {
    clearInterval(sampler);
    log.error({ err, workspaceId, version }, 'recommender training failed');
    await db().recModelVersion.update({
      where: { workspaceId_version: { workspaceId, version } },
      data: { status: 'failed', finishedAt: new Date(), durationMs: Date.now() - started.getTime(), error: (err as Error).message ?? String(err), logs: lines.join('\n') },
    });
  }
}
