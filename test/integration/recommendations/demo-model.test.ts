// The demo shop gets a first model at start, and it rediscovers the planted tastes.
import { describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { generateDemoShop, seedDemoShop } from '@/services/demo/generate-demo-shop';
import { ensureFirstModel } from '@/services/recommend/ensure-first-model';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { buildOwner } from '@/test/support/builders';
import { silent } from './support';

const sizes = { items: 120, users: 300, events: 9000, days: 30 };

describe('first model of the demo shop', () => {
  it('trains once, and recommendations favour each user\'s planted categories over popularity', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    expect(await ensureFirstModel(ws, silent)).toBeNull(); // no events: nothing to train
    const now = Date.now();
    await seedDemoShop(ws, { sizes, now });
    const version = await ensureFirstModel(ws, silent);
    expect(version).toBe(1);
    expect(await ensureFirstModel(ws, silent)).toBeNull(); // already has one
    const row = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: ws, version: 1 } } });
    expect(row?.status).toBe('completed');
    expect(row?.trigger).toBe('demo');

    const shop = generateDemoShop({ sizes, now });
    const categoryOf = new Map(shop.items.map((i) => [i.id, i.categories]));
    let personal = 0;
    let popular = 0;
    let total = 0;
    const users = [...shop.tastes.keys()].slice(0, 60);
    const pop = await getRecommendations({ workspaceId: ws, limit: 10 });
    for (const u of users) {
      const taste = new Set(shop.tastes.get(u)!.categories);
      const r = await getRecommendations({ workspaceId: ws, userId: u, limit: 10 });
      expect(r.modelVersion).toBe(1);
      for (const it of r.items) if (categoryOf.get(it.id)?.some((c) => taste.has(c))) personal++;
      for (const it of pop.items) if (categoryOf.get(it.id)?.some((c) => taste.has(c))) popular++;
      total += 10;
    }
    expect(personal / total).toBeGreaterThan(0.6);
    expect(personal / total).toBeGreaterThan((popular / total) * 1.5);
  }, 120_000);
});
