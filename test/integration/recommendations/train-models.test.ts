import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startApiServer } from '@/test/support/api-server';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { db } from '@/services/db/client';
import { startWorker } from '@/services/worker/start-worker';
import { setAbTest } from '@/services/recommend/set-ab-test';
import { getAttributionStats } from '@/services/recommend/get-attribution-stats';
import { abBucket } from '@/services/recommend/serving/workspace-state';
import { scheduleTraining } from '@/services/recommend/schedule-training';
import { encodeVector } from '@/services/embeddings/item-embeddings';
import { movieLensLike } from '@/ml/recsys/synthetic';
import { CATEGORIES, recs, sendEvents, shopEvents, shopItems, trainNow, trainedShop, userId } from './support';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

type Job = { id: string; status: string; version: number; promoted: boolean; metrics: { serving?: { ndcg: number }; popularity?: { ndcg: number } }; error: string | null };

describe('training through the API and the worker', () => {
  it('POST /v1/models/train queues a job that the worker runs; GET /v1/jobs/{id} follows it; the model serves', async () => {
    const t = await tenant();
    await putItems(api, t.key, shopItems());
    await sendEvents(api, t.key, shopEvents());
    const before = await recs(api, t.key, `userId=${userId(1)}&limit=3`);
    expect(before.body.modelVersion).toBeNull(); // no model yet: popularity from events
    expect(before.body.items).toHaveLength(3);

    const res = await api.request('/v1/models/train', { method: 'POST', key: t.key });
    expect(res.status).toBe(202);
    const { jobId, version } = (await res.json()) as { jobId: string; version: number };
    expect(version).toBe(1);
    // A second request while queued returns the same job.
    const again = (await (await api.request('/v1/models/train', { method: 'POST', key: t.key })).json()) as { jobId: string };
    expect(again.jobId).toBe(jobId);

    const stop = await startWorker(pino({ level: 'silent' }));
    let job: Job | undefined;
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        job = (await (await api.request(`/v1/jobs/${jobId}`, { key: t.key })).json()) as Job;
        if (job.status === 'completed' || job.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await stop();
    }
    expect(job?.error).toBeNull();
    expect(job?.status).toBe('completed');
    expect(job?.promoted).toBe(true);
    expect(job!.metrics.serving!.ndcg).toBeGreaterThan(job!.metrics.popularity!.ndcg);

    const models = (await (await api.request('/v1/models', { key: t.key })).json()) as { versions: { version: number; active: boolean; status: string }[] };
    expect(models.versions).toEqual([expect.objectContaining({ version: 1, active: true, status: 'completed' })]);
    const row = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version: 1 } } });
    expect(row?.logs).toContain('validation');
    expect((row?.report as { candidates: unknown[] }).candidates.length).toBeGreaterThan(5);

    // Once the job reads completed, this api process already serves the new version.
    const after = await recs(api, t.key, `userId=${userId(1)}&limit=3`);
    expect(after.body.modelVersion).toBe(1);
  }, 90_000);

  it('answers 404 for unknown and foreign jobs and 400 for malformed job ids', async () => {
    const a = await tenant();
    const b = await tenant();
    const { jobId } = (await (await api.request('/v1/models/train', { method: 'POST', key: a.key })).json()) as { jobId: string };
    expect((await api.request(`/v1/jobs/${jobId}`, { key: a.key })).status).toBe(200);
    expect((await api.request(`/v1/jobs/${jobId}`, { key: b.key })).status).toBe(404);
    expect((await api.request('/v1/jobs/00000000-0000-4000-8000-000000000000', { key: a.key })).status).toBe(404);
    const bad = await api.request('/v1/jobs/not-a-job', { key: a.key });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    const models = (await (await api.request('/v1/models', { key: b.key })).json()) as { versions: unknown[] };
    expect(models.versions).toEqual([]);
  });

  it('the schedule queues workspaces with new events only', async () => {
    const fresh = await tenant();
    await putItems(api, fresh.key, shopItems());
    await sendEvents(api, fresh.key, shopEvents().slice(0, 50));
    const queued = await scheduleTraining();
    expect(queued).toContain(fresh.workspaceId);
    const idle = await tenant();
    expect(queued).not.toContain(idle.workspaceId);
    // Pending already: not queued twice.
    expect(await scheduleTraining()).not.toContain(fresh.workspaceId);
  });
});

describe('versions, A/B split and attribution', () => {
  it('promotes a version that is not worse, splits users between two versions, and attributes clicks and purchases', async () => {
    const t = await tenant();
    const v1 = await trainedShop(api, t.key, t.workspaceId);
    const v2 = await trainNow(t.workspaceId);
    const row2 = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version: v2 } } });
    expect(row2?.decision).toMatch(/validation NDCG@10/);
    expect(row2?.promoted).toBe(true); // same data, same configuration: not worse
    const settings = await db().recSettings.findUnique({ where: { workspaceId: t.workspaceId } });
    expect(settings?.activeVersion).toBe(v2);

    await setAbTest(t.workspaceId, { enabled: true, versionA: v1, versionB: v2, percentB: 50 });
    await expect(setAbTest(t.workspaceId, { enabled: true, versionA: v1, versionB: 99, percentB: 50 })).rejects.toMatchObject({ code: 'validation_failed' });
    // Wait for serving to pick the split up, then each user gets the version of their bucket.
    const deadline = Date.now() + 5_000;
    const versions = new Map<number, number>();
    while (Date.now() < deadline) {
      versions.clear();
      for (let u = 0; u < 40; u++) {
        const r = await recs(api, t.key, `userId=${userId(u)}&limit=3`);
        const expected = abBucket(userId(u)) < 50 ? v2 : v1;
        if (r.body.modelVersion === expected) versions.set(u, expected);
      }
      if (versions.size === 40) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(versions.size).toBe(40);
    expect(new Set(versions.values())).toEqual(new Set([v1, v2]));

    // Attribution: clicks and a purchase carrying recommIds of each version.
    const a = await recs(api, t.key, `userId=${userId([...versions].find(([, v]) => v === v1)![0])}&limit=3`);
    const b = await recs(api, t.key, `userId=${userId([...versions].find(([, v]) => v === v2)![0])}&limit=3`);
    await sendEvents(api, t.key, [
      { id: 'c1', type: 'click', userId: 'x', itemId: a.body.items[0]!.id, recommId: a.body.recommId },
      { id: 'c2', type: 'click', userId: 'x', itemId: b.body.items[0]!.id, recommId: b.body.recommId },
      { id: 'c3', type: 'click', userId: 'x', itemId: b.body.items[1]!.id, recommId: b.body.recommId },
      { id: 'p1', type: 'purchase', userId: 'x', itemId: b.body.items[0]!.id, recommId: b.body.recommId },
      { id: 'n1', type: 'click', userId: 'x', itemId: b.body.items[0]!.id, recommId: 'not-ours' },
    ]);
    const stats = await getAttributionStats(t.workspaceId);
    const s1 = stats.find((s) => s.version === v1 && s.endpoint === 'user')!;
    const s2 = stats.find((s) => s.version === v2 && s.endpoint === 'user')!;
    expect(s1.clicks).toBe(1);
    expect(s1.purchases).toBe(0);
    expect(s2.clicks).toBe(2);
    expect(s2.purchases).toBe(1);
    expect(s2.requests).toBeGreaterThan(0);
    expect(s2.ctr).toBeCloseTo(2 / s2.requests, 6);
    expect(s2.conversion).toBeCloseTo(1 / s2.requests, 6);
  }, 90_000);
});

describe('explicit ratings with historical timestamps', () => {
  it('accepts 1997 ratings through the API and learns from them (MovieLens-style)', async () => {
    const t = await tenant();
    const d = movieLensLike({ users: 150, items: 200, ratings: 6000, seed: 9, start: Date.UTC(1997, 8, 20) });
    expect((await putItems(api, t.key, d.itemCategories.map((c, i) => ({ id: `m${i}`, title: `movie ${i}`, categories: c.map((g) => `g${g}`) })))).status).toBe(200);
    const events = [];
    for (let e = 0; e < d.log.length; e++) {
      events.push({ id: `r${e}`, type: 'rating', userId: `u${d.log.user[e]}`, itemId: `m${d.log.item[e]}`, value: d.log.value[e], timestamp: new Date(d.log.time[e]!).toISOString() });
    }
    await sendEvents(api, t.key, events);
    const version = await trainNow(t.workspaceId);
    const row = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version } } });
    expect(row?.events).toBe(d.log.length);
    const m = row?.metrics as { serving: { ndcg: number }; popularity: { ndcg: number } };
    expect(m.serving.ndcg).toBeGreaterThan(m.popularity.ndcg);
    const r = await recs(api, t.key, 'userId=u3&limit=10');
    expect(r.body.modelVersion).toBe(version);
    expect(r.body.items).toHaveLength(10);
    const rated = new Set(events.filter((e) => e.userId === 'u3').map((e) => e.itemId));
    expect(r.body.items.some((i) => rated.has(i.id))).toBe(false);
  }, 90_000);
});

describe('cold start', () => {
  it('reaches items without interactions through their embeddings', async () => {
    const t = await tenant();
    const items = shopItems();
    // Two brand-new tents nobody has touched.
    const fresh = [{ id: 'tents-new-1', title: 'new tent 1', categories: ['tents'], price: 99, available: true }, { id: 'tents-new-2', title: 'new tent 2', categories: ['tents'], price: 99, available: true }];
    expect((await putItems(api, t.key, [...items, ...fresh])).status).toBe(200);
    await sendEvents(api, t.key, shopEvents());
    // Embeddings: one direction per category (plus a little noise), as a text model would place them.
    const vec = (c: number, k: number) => Array.from({ length: 8 }, (_x, d) => (d === c ? 1 : 0) + ((k * 7 + d) % 5) * 0.01);
    const rows = [...items.map((it) => ({ id: it.id, c: CATEGORIES.indexOf(it.categories[0] as never) })), ...fresh.map((f) => ({ id: f.id, c: 0 }))];
    await db().itemEmbedding.createMany({
      data: rows.map((r, k) => {
        const v = vec(r.c, k);
        const norm = Math.hypot(...v);
        return { workspaceId: t.workspaceId, itemId: r.id, model: 'test', dims: 8, vector: encodeVector(v.map((x) => x / norm)), textHash: String(k) };
      }),
    });
    await trainNow(t.workspaceId);
    const sim = await api.request('/v1/items/tents-new-1/similar?limit=5', { key: t.key });
    expect(sim.status).toBe(200);
    const simBody = (await sim.json()) as { items: { id: string }[] };
    expect(simBody.items.filter((i) => i.id.startsWith('tents-')).length).toBeGreaterThanOrEqual(4);
    // A tent lover sees a new tent among many recommendations.
    const r = await recs(api, t.key, `userId=${userId(0)}&limit=20&category=tents`);
    expect(r.body.items.map((i) => i.id).some((id) => id.startsWith('tents-new'))).toBe(true);
    // A cold user in a session with a new tent gets tents.
    const s = await api.request('/v1/recommendations', { ...json('POST', { recentItemIds: ['tents-new-2'], limit: 5 }), key: t.key });
    const sb = (await s.json()) as { items: { id: string }[] };
    expect(sb.items.filter((i) => i.id.startsWith('tents-')).length).toBeGreaterThanOrEqual(3);
  }, 90_000);
});

describe('serving state loaded before the data arrived', () => {
  it('picks up historical events imported later once the trained version is promoted', async () => {
    const t = await tenant();
    // Asked first, with nothing there: the workspace state loads empty.
    expect((await recs(api, t.key, `userId=${userId(0)}&limit=5`)).body.items).toEqual([]);
    await putItems(api, t.key, shopItems());
    const old = shopEvents().map((e) => ({ ...e, timestamp: Date.UTC(2024, 0, 1) + (e.timestamp % 86_400_000) }));
    await sendEvents(api, t.key, old);
    const version = await trainNow(t.workspaceId);
    const { jobId } = (await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version } } }))!;
    expect((await api.request(`/v1/jobs/${jobId}`, { key: t.key })).status).toBe(200);
    const r = await recs(api, t.key, `userId=${userId(0)}&limit=10`);
    expect(r.body.modelVersion).toBe(version);
    const seen = new Set(old.filter((e) => e.userId === userId(0)).map((e) => e.itemId));
    expect(r.body.items.some((i) => seen.has(i.id))).toBe(false);
    expect(r.body.items[0]!.reason).toBe('personalized');
  });
});
