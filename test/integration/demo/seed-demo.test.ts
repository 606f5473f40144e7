// The demo shop generator and seeder: counts, determinism, idempotency, planted tastes (no model).
import { describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { generateDemoShop, seedDemoShop } from '@/services/demo/generate-demo-shop';
import { buildOwner } from '@/test/support/builders';

const sizes = { items: 50, users: 100, events: 3000, days: 60 };
const NOW = Date.UTC(2026, 9, 1, 12); // fixed: rows are a pure function of (seed, sizes, now)

const eventRows = (workspaceId: string) =>
  db().event.findMany({
    where: { workspaceId },
    orderBy: { id: 'asc' },
    select: { id: true, type: true, userId: true, anonymousId: true, itemId: true, value: true, timestamp: true, properties: true },
  });
const itemRows = (workspaceId: string) =>
  db().item.findMany({
    where: { workspaceId },
    orderBy: { id: 'asc' },
    select: { id: true, title: true, description: true, categories: true, tags: true, price: true, currency: true, available: true, properties: true },
  });

describe('demo shop', () => {
  it('is a pure function of seed, sizes and now; ids do not depend on now', () => {
    const a = generateDemoShop({ sizes, now: NOW });
    const b = generateDemoShop({ sizes, now: NOW });
    expect(b).toEqual(a);
    const later = generateDemoShop({ sizes, now: NOW + 5 * 86_400_000 });
    expect(later.events.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(generateDemoShop({ sizes, now: NOW, seed: 7 }).events.map((e) => e.id)).not.toEqual(a.events.map((e) => e.id));
    // Plausible shape: every built-in behaviour type, within the window, skewed popularity.
    const types = new Set(a.events.map((e) => e.type));
    for (const t of ['view', 'click', 'add_to_cart', 'purchase', 'rating', 'like', 'search']) expect(types).toContain(t);
    for (const e of a.events) {
      expect(e.timestamp).toBeLessThanOrEqual(NOW);
      expect(e.timestamp).toBeGreaterThan(NOW - 61 * 86_400_000);
    }
    expect(new Set(a.items.flatMap((i) => i.categories)).size).toBe(8);
    const views = new Map<string, number>();
    for (const e of a.events) if (e.type === 'view') views.set(e.itemId!, (views.get(e.itemId!) ?? 0) + 1);
    const sorted = [...views.values()].sort((x, y) => y - x);
    const top10 = sorted.slice(0, Math.ceil(sorted.length / 10)).reduce((s, n) => s + n, 0);
    expect(top10 / a.events.filter((e) => e.type === 'view').length).toBeGreaterThan(0.2); // top 10% of items > 20% of views
  });

  it('seeds counts through the ingestion services, the same rows every time, nothing twice', async () => {
    const [one, two] = await Promise.all([buildOwner(), buildOwner()]);
    const first = await seedDemoShop(one.workspace.id, { sizes, now: NOW });
    const shop = generateDemoShop({ sizes, now: NOW });
    expect(first.skipped).toBe(false);
    expect(first.events).toEqual({ generated: shop.events.length, accepted: shop.events.length, duplicates: 0, rejected: 0 });
    expect(shop.events.length).toBeGreaterThan(2500);
    expect(shop.events.length).toBeLessThan(4500);

    const ws = one.workspace.id;
    expect(await db().item.count({ where: { workspaceId: ws } })).toBe(50);
    expect(await db().endUser.count({ where: { workspaceId: ws } })).toBe(100);
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(shop.events.length);
    // Metered like API traffic.
    const usage = await db().usageRecord.aggregate({ where: { workspaceId: ws, meter: 'events' }, _sum: { quantity: true } });
    expect(Number(usage._sum.quantity)).toBe(shop.events.length);

    // A second workspace gets identical rows.
    await seedDemoShop(two.workspace.id, { sizes, now: NOW });
    expect(await eventRows(two.workspace.id)).toEqual(await eventRows(ws));
    expect(await itemRows(two.workspace.id)).toEqual(await itemRows(ws));

    // Re-running: skipped when complete; forced, every event is a duplicate.
    expect((await seedDemoShop(ws, { sizes, now: NOW })).skipped).toBe(true);
    const forced = await seedDemoShop(ws, { sizes, now: NOW + 86_400_000, force: true });
    expect(forced.events.accepted).toBe(0);
    expect(forced.events.duplicates).toBe(shop.events.length);
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(shop.events.length);
    expect(await db().item.count({ where: { workspaceId: ws } })).toBe(50);
  });

  it('plants tastes: users’ item events concentrate on their favourite categories and items', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    await seedDemoShop(ws, { sizes, now: NOW });
    const { tastes } = generateDemoShop({ sizes, now: NOW });
    const category = new Map((await itemRows(ws)).map((i) => [i.id, i.categories[0]!]));
    let inFavourite = 0;
    let onItems = 0;
    let onFavouriteItems = 0;
    let usersMostlyFavourite = 0;
    const perUser = new Map<string, { fav: number; all: number }>();
    for (const e of await eventRows(ws)) {
      if (!e.userId || !e.itemId) continue;
      const taste = tastes.get(e.userId)!;
      const fav = taste.categories.includes(category.get(e.itemId)!);
      onItems++;
      if (fav) inFavourite++;
      if (taste.items.includes(e.itemId)) onFavouriteItems++;
      const u = perUser.get(e.userId) ?? { fav: 0, all: 0 };
      u.all++;
      if (fav) u.fav++;
      perUser.set(e.userId, u);
    }
    for (const u of perUser.values()) if (u.fav / u.all > 0.5) usersMostlyFavourite++;
    // 8 categories: without tastes a user's share in 1-2 of them would be ~12-25%.
    expect(inFavourite / onItems).toBeGreaterThan(0.75);
    expect(onFavouriteItems / onItems).toBeGreaterThan(0.15);
    expect(usersMostlyFavourite / perUser.size).toBeGreaterThan(0.85);
    // Anonymous visitors are there too (the explorer shows them).
    expect(await db().event.count({ where: { workspaceId: ws, userId: null } })).toBeGreaterThan(0);
  });
});
