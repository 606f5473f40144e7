// Training: candidate models chosen by validation, not by taste. A per-user temporal split of the
// training data (the last 20% of each user's items held out) scores every candidate; the best of
// each family is blended with weights fitted on that split; the chosen configuration is then
// refitted on all the data and packed into one servable model (model.ts).
import { aggregate, DEFAULT_EVENT_WEIGHTS, positiveMatrix, RATING, temporalSplit, type PrepOptions } from './interactions';
import { accumulateSparse, ease, itemKnn, rp3beta } from './item-models';
import { addCategoryScores, scoreHistory, servingHistory } from './model';
import { round4 } from './evaluate';
import {
  addVec,
  cfWeights,
  componentScales,
  componentsOf,
  denseScorer,
  fitConfig,
  historyOf,
  memo,
  popLocalScorer,
  popularity,
  popularityLocal,
  sparseScorer,
  type Ctx,
  type FitCache,
  type Scorer,
} from './fit-components';
import { buildPools, evaluateScorer, fitBlend, validationUsers } from './validation';
import { pack } from './pack';
import type { CandidateResult, RecConfig, TrainInput, TrainOutput, TrainReport } from './train-types';

function defaultConfig(halfLifeDays: number | null): RecConfig {
  return {
    prep: { lowRatingsPositive: false, halfLifeDays, binary: false },
    knn: { k: 100, shrink: 10 },
    rp3: null,
    ease: null,
    popHalfLifeDays: null,
    popLocalTau: null,
    recency: null,
    blend: { knn: 1, rp3: 0, ease: 0, pop: 0.1, popLocal: 0, category: 0 },
  };
}

/** Trains a recommender: search, blend, final fit. Deterministic for the same input. */
export async function trainRecommender(input: TrainInput): Promise<TrainOutput> {
  const started = Date.now();
  const budget = input.timeBudgetMs ?? 20_000;
  const logs: string[] = [];
  const timings: Record<string, number> = {};
  const say = (line: string) => {
    const l = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`;
    logs.push(l);
    input.onLog?.(l);
  };
  const overBudget = () => Date.now() - started > budget;
  const { log } = input;
  const n = log.numItems;
  const weights = input.weights ?? DEFAULT_EVENT_WEIGHTS;
  const halfLife = input.halfLifeDays === undefined ? null : input.halfLifeDays;
  const easeMax = Math.min(input.easeMaxItems ?? 2000, n);
  const candidates: CandidateResult[] = [];
  let hasRatings = false;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let e = 0; e < log.length; e++) {
    if (log.kind[e] === RATING) hasRatings = true;
    if (log.time[e]! < tMin) tMin = log.time[e]!;
    if (log.time[e]! > tMax) tMax = log.time[e]!;
  }
  const spanDays = log.length > 0 ? (tMax - tMin) / 86_400_000 : 0;
  say(`training on ${log.length} events, ${log.numUsers} users, ${n} items, ${spanDays.toFixed(1)} days`);

  const prepOf = (p: RecConfig['prep']): PrepOptions => ({ weights, lowRatingsPositive: p.lowRatingsPositive, halfLifeDays: p.halfLifeDays });
  const ctxOf = (p: RecConfig['prep'], mask?: Uint8Array): Ctx => {
    const rows = aggregate(log, prepOf(p), mask);
    return { rows, x: positiveMatrix(rows, p.binary), numItems: n, itemCats: input.itemCategories };
  };

  const split = temporalSplit(log, 0.2, 3);
  const config = defaultConfig(halfLife);
  let report: Omit<TrainReport, 'config' | 'timings' | 'logs'> = {
    validation: null,
    candidates,
    popularity: null,
    itemKnn: null,
    blend: null,
    serving: null,
    previous: null,
  };

  const t0 = Date.now();
  const probe = ctxOf(config.prep, split.trainMask);
  const users = validationUsers(probe.rows, split.heldOut);
  if (users.length >= 5) {
    report.validation = {
      users: users.length,
      heldOutItems: users.reduce((s, v) => s + v.relevant.size, 0),
      trainEvents: split.trainMask.reduce((s, v) => s + v, 0),
    };
    say(`validation: ${users.length} users, ${report.validation.heldOutItems} held-out items (last 20% of each user's items)`);
    const run = (name: string, family: string, params: Record<string, unknown>, ctx: Ctx, scorer: Scorer) => {
      const t = Date.now();
      const metrics = round4(evaluateScorer(users, n, scorer));
      const ms = Date.now() - t;
      candidates.push({ name, family, params, metrics, ms });
      say(`${name}: ndcg@10 ${metrics.ndcg} recall@10 ${metrics.recall} (${ms} ms)`);
      return metrics;
    };

    // 1. Data preparation, judged with item-kNN (cheap): rating bands, time decay, binary vs weighted.
    const preps: RecConfig['prep'][] = [];
    for (const binary of [false, true]) {
      preps.push({ lowRatingsPositive: false, halfLifeDays: halfLife, binary });
      if (hasRatings) preps.push({ lowRatingsPositive: true, halfLifeDays: halfLife, binary });
      if (halfLife && spanDays > halfLife / 4) preps.push({ lowRatingsPositive: hasRatings, halfLifeDays: null, binary });
    }
    let bestPrep = { prep: config.prep, ndcg: -1, ctx: probe };
    for (const prep of preps) {
      const ctx = prep === preps[0] ? probe : ctxOf(prep, split.trainMask);
      const knn = itemKnn(ctx.x, { k: 100, shrink: 10 });
      const m = run(`prep ${JSON.stringify(prep)}`, 'prep', prep, ctx, (u, _h, out) => {
        const hist = historyOf(ctx.rows, u);
        accumulateSparse(knn, hist.items, cfWeights(hist, prep.binary, null), out);
      });
      if (m.ndcg > bestPrep.ndcg) bestPrep = { prep, ndcg: m.ndcg, ctx };
    }
    const ctx = bestPrep.ctx;
    const cache: FitCache = new Map();
    config.prep = bestPrep.prep;
    // Histories for validation users under the chosen preparation.
    for (const v of users) v.hist = historyOf(ctx.rows, v.u);
    timings.prepMs = Date.now() - t0;

    // 2. Candidates per family.
    const b = config.prep.binary;
    const best: Record<string, { ndcg: number; apply: (c: RecConfig) => void }> = {};
    const consider = (family: string, ndcg: number, apply: (c: RecConfig) => void) => {
      if (!best[family] || ndcg > best[family]!.ndcg) best[family] = { ndcg, apply };
    };
    const pops: (number | null)[] = [null, ...(spanDays > 14 ? [Math.max(3, spanDays / 8)] : [])];
    let popVec: Float32Array | null = null;
    for (const hl of pops) {
      const pv = memo(cache, `pop${hl}`, () => popularity(ctx.rows, hl));
      const m = run(`popularity halfLife=${hl ? hl.toFixed(1) + 'd' : 'none'}`, 'popularity', { halfLifeDays: hl }, ctx, (_u, _h, out) => addVec(out, pv));
      if (!popVec || m.ndcg > (best.pop?.ndcg ?? -1)) popVec = pv;
      consider('pop', m.ndcg, (c) => (c.popHalfLifeDays = hl));
    }
    report.popularity = candidates.filter((c) => c.family === 'popularity').sort((a, c) => c.metrics.ndcg - a.metrics.ndcg)[0]!.metrics;
    for (const tau of [1, 3]) {
      const local = memo(cache, `local${tau}`, () => popularityLocal(ctx.rows, tau));
      if (!local) break;
      const m = run(`time-local popularity tau=${tau}`, 'popLocal', { tau }, ctx, popLocalScorer(local, n));
      consider('popLocal', m.ndcg, (c) => (c.popLocalTau = tau));
    }
    if (ctx.itemCats && popVec) {
      const pv = popVec;
      const cats = ctx.itemCats;
      const m = run('category affinity x popularity', 'category', {}, ctx, (_u, h, out) => addCategoryScores(out, h, cats, pv, 1));
      consider('category', m.ndcg, () => undefined);
    }
    for (const shrink of [0, 10, 50]) {
      const t = Date.now();
      const s = memo(cache, `knn${JSON.stringify({ k: 100, shrink })}`, () => itemKnn(ctx.x, { k: 100, shrink }));
      const m = run(`item-kNN shrink=${shrink}`, 'itemKnn', { k: 100, shrink, fitMs: Date.now() - t }, ctx, sparseScorer(s, b, null));
      consider('knn', m.ndcg, (c) => (c.knn = { k: 100, shrink }));
    }
    report.itemKnn = candidates.filter((c) => c.family === 'itemKnn').sort((a, c) => c.metrics.ndcg - a.metrics.ndcg)[0]!.metrics;
    for (const [alpha, beta] of [[1, 0.4], [0.6, 0.3], [1, 0.6]] as const) {
      {
        if (overBudget()) break;
        const s = memo(cache, `rp3${JSON.stringify({ k: 100, alpha, beta })}`, () => rp3beta(ctx.x, { k: 100, alpha, beta }));
        const m = run(`RP3beta alpha=${alpha} beta=${beta}`, 'rp3beta', { k: 100, alpha, beta }, ctx, sparseScorer(s, b, null));
        consider('rp3', m.ndcg, (c) => (c.rp3 = { k: 100, alpha, beta }));
      }
    }
    // EASE: lambda scaled to the data (Steck's values grow with the interactions per item).
    const perItem = ctx.x.idx.length / Math.max(1, Math.min(n, easeMax));
    const lambdas = [...new Set([8, 2, 32].map((f) => Math.max(1, Math.round(perItem * f))))];
    let easeMs = 0;
    for (const lambda of easeMax >= 2 ? lambdas : []) {
      if (overBudget() || Date.now() - started + easeMs * 3 > budget) {
        say(`EASE lambda=${lambda}: skipped (time budget)`);
        continue;
      }
      const t = Date.now();
      const d = await memo(cache, `ease${JSON.stringify({ lambda, maxItems: easeMax })}`, () => ease(ctx.x, { lambda, maxItems: easeMax }));
      easeMs = Date.now() - t;
      const m = run(`EASE lambda=${lambda} items=${d.items.length}`, 'ease', { lambda, maxItems: easeMax, fitMs: Date.now() - t }, ctx, denseScorer(d, b, null));
      consider('ease', m.ndcg, (c) => (c.ease = { lambda, maxItems: easeMax }));
    }
    for (const f of Object.values(best)) f.apply(config);
    config.blend = { knn: 1, rp3: 1, ease: 1, pop: 1, popLocal: 1, category: ctx.itemCats ? 1 : 0 };
    if (!config.rp3) config.blend.rp3 = 0;
    if (!config.ease) config.blend.ease = 0;
    if (!config.popLocalTau) config.blend.popLocal = 0;
    timings.candidatesMs = Date.now() - t0 - timings.prepMs;

    // 3. Recency of the history, judged on the best item-to-item family.
    const t3 = Date.now();
    const fitted = await fitConfig(ctx, config, cache);
    const cfFamilies = (['ease', 'rp3', 'knn'] as const).filter((f) => fitted[f]);
    const bestCf = cfFamilies.sort((a, c) => (best[c]?.ndcg ?? 0) - (best[a]?.ndcg ?? 0))[0];
    if (bestCf) {
      let bestRec = { recency: null as number | null, ndcg: best[bestCf]!.ndcg };
      for (const recency of [60, 20, 8]) {
        const scorer = bestCf === 'ease' ? denseScorer(fitted.ease!, b, recency) : sparseScorer(fitted[bestCf]!, b, recency);
        const m = run(`${bestCf} with history recency=${recency}`, 'recency', { recency }, ctx, scorer);
        if (m.ndcg > bestRec.ndcg) bestRec = { recency, ndcg: m.ndcg };
      }
      config.recency = bestRec.recency;
    }
    timings.recencyMs = Date.now() - t3;

    // 4. Blend weights on pooled candidates.
    const t4 = Date.now();
    const comps = componentsOf(ctx, config, fitted);
    const familyOf: Record<string, string> = { knn: 'knn', rp3: 'rp3', ease: 'ease', pop: 'pop', popLocal: 'popLocal', category: 'category' };
    const single = comps.map((c) => best[familyOf[c.name]!]?.ndcg ?? 0);
    const pools = buildPools(users, n, comps);
    const blend = fitBlend(users, pools, single, n);
    for (const k of Object.keys(config.blend) as (keyof RecConfig['blend'])[]) config.blend[k] = 0;
    comps.forEach((c, ci) => (config.blend[c.name] = blend.w[ci]!));
    report.blend = round4(blend.metrics);
    say(`blend ${JSON.stringify(config.blend)}: ndcg@10 ${report.blend.ndcg} recall@10 ${report.blend.recall}`);
    timings.blendMs = Date.now() - t4;

    // 5. The servable (truncated, combined) model on the same split.
    const t5 = Date.now();
    const scales = Object.fromEntries(comps.map((c, ci) => [c.name, pools.scales[ci]!]));
    const servable = pack(ctx, config, fitted, scales);
    report.serving = round4(evaluateScorer(users, n, (_u, h, out) => scoreHistory(servable, servingHistory(h, config.prep.binary), out, ctx.itemCats)));
    say(`serving model (${servable.s.idx.length} item-item weights): ndcg@10 ${report.serving.ndcg} recall@10 ${report.serving.recall} coverage ${report.serving.coverage}`);
    timings.servingCheckMs = Date.now() - t5;

    // 6. The configuration serving now, on the same split (promotion compares the two).
    if (input.previous) {
      try {
        const prev = input.previous;
        const pctx = ctxOf(prev.prep, split.trainMask);
        for (const v of users) v.hist = historyOf(pctx.rows, v.u);
        const pf = await fitConfig(pctx, prev);
        const pcomps = componentsOf(pctx, prev, pf);
        const ppools = buildPools(users, n, pcomps);
        const pscales = Object.fromEntries(pcomps.map((c, ci) => [c.name, ppools.scales[ci]!]));
        const pmodel = pack(pctx, prev, pf, pscales);
        report.previous = round4(evaluateScorer(users, n, (_u, h, out) => scoreHistory(pmodel, servingHistory(h, prev.prep.binary), out, pctx.itemCats)));
        say(`previous configuration on this split: ndcg@10 ${report.previous.ndcg}`);
      } catch (err) {
        say(`previous configuration could not be evaluated: ${(err as Error).message}`);
      }
    }
  } else {
    say('too little data for a validation split: default configuration (item-kNN + popularity)');
  }

  // 7. Final fit on all the data.
  const t7 = Date.now();
  const full = ctxOf(config.prep);
  const fitted = await fitConfig(full, config);
  const scales = componentScales(full, componentsOf(full, config, fitted));
  const model = pack(full, config, fitted, scales, input.embeddings);
  timings.finalFitMs = Date.now() - t7;
  timings.totalMs = Date.now() - started;
  say(`final model: ${model.s.idx.length} item-item weights, ${model.similar.idx.length} similar-item links (${timings.finalFitMs} ms)`);
  report = { ...report };
  return { model, config, report: { ...report, config, timings, logs } };
}
