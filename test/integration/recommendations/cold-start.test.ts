// Cold starts: a workspace with too little data keeps popular items (and says so); an item added
// after training gets similar items from its embedding at once; catalog changes schedule a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { putItems, tenant, type Api } from '@/test/support/catalog';
import { db } from '@/services/db/client';
import { encodeVector } from '@/services/embeddings/item-embeddings';
import { scheduleTraining } from '@/services/recommend/schedule-training';
import { MIN_TRAINING_EVENTS, MIN_TRAINING_USERS } from '@/services/recommend/training-minimum';
import { CATEGORIES, recs, sendEvents, shopItems, trainNow, trainedShop } from './support';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe('not enough data', () => {
  it('keeps popular items serving and says why, in the version and its job', async () => {
    const t = await tenant();
    await putItems(api, t.key, shopItems().slice(0, 10));
    const users = MIN_TRAINING_USERS - 1;
    await sendEvents(api, t.key, Array.from({ length: 30 }, (_x, k) => ({ id: `e${k}`, type: 'view', userId: `u${k % users}`, itemId: shopItems()[k % 4]!.id })));
    const version = await trainNow(t.workspaceId);
    const row = (await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version } } }))!;
    expect(row).toMatchObject({ status: 'completed', promoted: false, events: 30, users, artifact: null });
    expect(row.decision).toBe(`not promoted: not enough data: 30 events from ${users} users; training needs at least ${MIN_TRAINING_EVENTS} events from ${MIN_TRAINING_USERS} users; popular items keep serving`);
    expect((await db().recSettings.findUnique({ where: { workspaceId: t.workspaceId } }))?.activeVersion ?? null).toBeNull();
    const job = await api.request(`/v1/jobs/${row.jobId}`, { key: t.key });
    expect(await job.json()).toMatchObject({ status: 'completed', promoted: false, decision: expect.stringContaining('not enough data'), metrics: { notEnoughData: { events: 30, users, minEvents: MIN_TRAINING_EVENTS, minUsers: MIN_TRAINING_USERS } } });
    const r = await recs(api, t.key, 'userId=nobody&limit=3');
    expect(r.body.modelVersion).toBeNull();
    expect(r.body.items.length).toBe(3);
    expect(r.body.items.every((i) => i.reason === 'popular')).toBe(true);
  });

  it('an empty workspace trains to nothing promoted', async () => {
    const t = await tenant();
    const version = await trainNow(t.workspaceId);
    expect(await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version } } })).toMatchObject({ promoted: false, decision: expect.stringContaining('not enough data: 0 events from 0 users') });
  });
});

describe('items added after training', () => {
  it('get similar items from their embedding at once, and the catalog change schedules a run', async () => {
    const t = await tenant();
    const version = await trainedShop(api, t.key, t.workspaceId);
    expect((await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: t.workspaceId, version } } }))?.promoted).toBe(true);
    expect(await scheduleTraining()).not.toContain(t.workspaceId);
    // Embeddings: one direction per category, as a text model would place them.
    const vec = (c: number, k: number) => {
      const v = Array.from({ length: 8 }, (_x, d) => (d === c ? 1 : 0) + ((k * 7 + d) % 5) * 0.01);
      const n = Math.hypot(...v);
      return encodeVector(v.map((x) => x / n));
    };
    const rows = shopItems().map((it, k) => ({ workspaceId: t.workspaceId, itemId: it.id, model: 'test', dims: 8, vector: vec(CATEGORIES.indexOf(it.categories[0] as never), k), textHash: String(k) }));
    // A new item with no category (so category fallbacks cannot find boots) whose text reads like boots.
    expect((await putItems(api, t.key, [{ id: 'mystery-boot', title: 'trail runner' }])).status).toBe(200);
    await db().itemEmbedding.createMany({ data: [...rows, { workspaceId: t.workspaceId, itemId: 'mystery-boot', model: 'test', dims: 8, vector: vec(1, 99), textHash: 'x' }] });
    const res = await api.request('/v1/items/mystery-boot/similar?limit=6', { key: t.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { modelVersion: number; items: { id: string; reason: string }[] };
    expect(body.modelVersion).toBe(version); // no retraining
    expect(body.items).toHaveLength(6);
    expect(body.items.every((i) => i.id.startsWith('boots-') && i.reason === 'content')).toBe(true);

    const queued = await scheduleTraining();
    expect(queued).toContain(t.workspaceId);
    const runs = await db().recModelVersion.findMany({ where: { workspaceId: t.workspaceId, trigger: 'schedule' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('queued');
    // Debounced: another catalog write while a run is pending queues nothing more.
    await putItems(api, t.key, [{ id: 'mystery-boot-2', title: 'another' }]);
    expect(await scheduleTraining()).not.toContain(t.workspaceId);
  }, 120_000);
});
