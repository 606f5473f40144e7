// The dashboard's read-only queries: keyset pagination, filters, per-day counts, deleted items,
// and tenancy (nothing of another workspace is ever returned).
import { describe, expect, it } from 'vitest';
import { browseItems } from '@/services/catalog/browse-items';
import { deleteItem } from '@/services/catalog/delete-item';
import { findItem } from '@/services/catalog/find-item';
import { getEndUser } from '@/services/catalog/get-end-user';
import { listCategories } from '@/services/catalog/list-categories';
import { upsertItems } from '@/services/catalog/upsert-items';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { countEventsByType } from '@/services/ingest/count-events';
import { eventsPerDay } from '@/services/ingest/events-per-day';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { listEvents } from '@/services/ingest/list-events';
import { buildOwner } from '@/test/support/builders';

const DAY = 86_400_000;
const item = (id: string, title: string, categories: string[]) => ({ id, title, description: null, categories, tags: [], price: 1, currency: 'EUR', available: true });

describe('dashboard read queries', () => {
  it('pages events latest first without gaps or repeats, filters them, and stays in its workspace', async () => {
    const [a, b] = await Promise.all([buildOwner(), buildOwner()]);
    const now = Date.now();
    // 130 events, several sharing a timestamp (the id breaks ties).
    const events = Array.from({ length: 130 }, (_, i) => ({
      id: `e-${String(i).padStart(3, '0')}`,
      type: i % 5 === 0 ? 'purchase' : 'view',
      userId: `u-${i % 3}`,
      itemId: `i-${i % 4}`,
      timestamp: now - Math.floor(i / 3) * 60_000,
    }));
    expect((await ingestEvents(a.workspace.id, events)).accepted).toBe(130);
    await ingestEvents(b.workspace.id, [{ id: 'e-000', type: 'view', userId: 'u-0', itemId: 'i-0', timestamp: now + 1000 }]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listEvents(a.workspace.id, { cursor, limit: 40 });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = [...events].sort((x, y) => y.timestamp - x.timestamp || (y.id < x.id ? -1 : 1)).map((e) => e.id);
    expect(seen).toEqual(expected);

    const purchases = await listEvents(a.workspace.id, { type: 'purchase', userId: 'u-0', limit: 200 });
    expect(purchases.events.map((e) => e.id).sort()).toEqual(events.filter((e) => e.type === 'purchase' && e.userId === 'u-0').map((e) => e.id).sort());
    expect((await listEvents(a.workspace.id, { itemId: 'i-1', limit: 200 })).events).toHaveLength(events.filter((e) => e.itemId === 'i-1').length);
    // A cursor that is not ours starts from the top instead of failing.
    expect((await listEvents(a.workspace.id, { cursor: 'garbage', limit: 1 })).events[0]!.id).toBe(expected[0]);
    // Workspace b sees only its own event.
    expect((await listEvents(b.workspace.id)).events.map((e) => e.id)).toEqual(['e-000']);

    const perDay = await eventsPerDay(a.workspace.id, { days: 30 });
    expect(perDay.days).toHaveLength(30);
    expect(perDay.total).toBe(130);
    expect(perDay.types).toEqual([
      { type: 'view', count: 104 },
      { type: 'purchase', count: 26 },
    ]);
    expect((await eventsPerDay(a.workspace.id, { days: 30, now: new Date(now + 40 * DAY) })).total).toBe(0);
    expect(await countEventsByType(a.workspace.id, { itemId: 'i-0' })).toEqual(
      Object.entries(events.filter((e) => e.itemId === 'i-0').reduce<Record<string, number>>((m, e) => ({ ...m, [e.type]: (m[e.type] ?? 0) + 1 }), {}))
        .map(([type, count]) => ({ type, count }))
        .sort((x, y) => y.count - x.count),
    );
  });

  it('browses items with deleted ones marked, searches, filters by category, and stays in its workspace', async () => {
    const [a, b] = await Promise.all([buildOwner(), buildOwner()]);
    await upsertItems(a.workspace.id, [item('k-1', 'Blue kettle', ['kitchen']), item('k-2', 'Red kettle', ['kitchen']), item('t-1', 'Tent', ['camping'])]);
    await upsertItems(b.workspace.id, [item('k-9', 'Other kettle', ['kitchen'])]);
    await deleteItem(a.workspace.id, 'k-2');

    const all = await browseItems(a.workspace.id, { limit: 2 });
    expect(all.items.map((i) => [i.id, i.deletedAt !== null])).toEqual([['k-1', false], ['k-2', true]]);
    const next = await browseItems(a.workspace.id, { limit: 2, cursor: all.nextCursor! });
    expect(next.items.map((i) => i.id)).toEqual(['t-1']);
    expect(next.nextCursor).toBeNull();
    expect((await browseItems(a.workspace.id, { q: 'kettle' })).items.map((i) => i.id)).toEqual(['k-1', 'k-2']);
    expect((await browseItems(a.workspace.id, { category: 'camping' })).items.map((i) => i.id)).toEqual(['t-1']);
    expect(await listCategories(a.workspace.id)).toEqual([
      { category: 'camping', count: 1 },
      { category: 'kitchen', count: 1 },
    ]);
    expect((await findItem(a.workspace.id, 'k-2'))?.deletedAt).not.toBeNull();
    expect(await findItem(a.workspace.id, 'k-9')).toBeNull();

    await upsertUsers(a.workspace.id, [{ id: 'u-1', traits: JSON.stringify({ plan: 'pro' }) }]);
    expect((await getEndUser(a.workspace.id, 'u-1'))?.traits).toEqual({ plan: 'pro' });
    expect(await getEndUser(b.workspace.id, 'u-1')).toBeNull();
  });
});
