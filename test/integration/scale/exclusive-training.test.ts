// Two workers never train one workspace at once (issue 17): two versions of one workspace queued
// together, two real worker processes take one each at about the same time, and the trainings run
// one after the other (services/jobs/exclusive.ts: a PostgreSQL advisory lock per workspace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { putItems, tenant, type Api } from '@/test/support/catalog';
import { startWorkerProcess } from '@/test/support/worker-process';
import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { trainRecommenderJob } from '@/services/recommend/jobs';
import { movieLensLike } from '@/ml/recsys/synthetic';
import { sendEvents } from '../recommendations/support';

let api: Api;
const workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api.close();
});

describe('training across two workers', () => {
  it('runs the two queued versions of one workspace one after the other', async () => {
    const env = { RECS_TRAIN_BUDGET_MS: '3000' };
    workers.push(...(await Promise.all([0, 1].map(() => startWorkerProcess({ databaseUrl: process.env.DATABASE_URL!, env })))));
    const t = await tenant();
    // Enough data that a training lasts seconds (the search uses its 3 s budget).
    const d = movieLensLike({ users: 300, items: 300, ratings: 15_000, seed: 3 });
    await putItems(api, t.key, d.itemCategories.map((c, i) => ({ id: `m${i}`, title: `movie ${i}`, categories: c.map((g) => `g${g}`) })));
    await sendEvents(
      api,
      t.key,
      Array.from({ length: d.log.length }, (_, e) => ({ id: `r${e}`, type: 'rating', userId: `u${d.log.user[e]}`, itemId: `m${d.log.item[e]}`, value: d.log.value[e], timestamp: new Date(d.log.time[e]!).toISOString() })),
    );
    // Two versions queued at once (requestTraining allows a second once the first runs: the race).
    const jobIds = await db().$transaction(async (tx) => {
      const ids = [];
      for (const version of [1, 2]) {
        const jobId = await enqueue(tx, trainRecommenderJob, { workspaceId: t.workspaceId, version });
        await tx.recModelVersion.create({ data: { workspaceId: t.workspaceId, version, jobId, status: 'queued', trigger: 'api' } });
        ids.push(jobId);
      }
      return ids;
    });

    // Watch both sides: jobs held by workers (pg-boss `active`) and trainings under way (`running`).
    let maxActiveJobs = 0;
    let maxRunning = 0;
    const deadline = Date.now() + 180_000;
    let rows: { version: number; status: string; startedAt: Date | null; finishedAt: Date | null }[] = [];
    while (Date.now() < deadline) {
      const [active] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE id = ANY(${jobIds}::uuid[]) AND state = 'active'`;
      rows = await db().recModelVersion.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { startedAt: 'asc' }, select: { version: true, status: true, startedAt: true, finishedAt: true } });
      maxActiveJobs = Math.max(maxActiveJobs, active!.n);
      maxRunning = Math.max(maxRunning, rows.filter((r) => r.status === 'running').length);
      if (rows.every((r) => r.status === 'completed' || r.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(maxActiveJobs).toBe(2); // each worker held one of the jobs at the same time...
    expect(maxRunning).toBe(1); // ...but only one trained
    const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(second.startedAt!.getTime()).toBeGreaterThanOrEqual(first.finishedAt!.getTime());
    console.log(`training 1 took ${first.finishedAt!.getTime() - first.startedAt!.getTime()} ms; training 2 began ${second.startedAt!.getTime() - first.finishedAt!.getTime()} ms after it ended`);
  }, 300_000);
});
