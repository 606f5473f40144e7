// The demo workspace's sample shop: an outdoor-gear catalog, end users, and their behaviour with
// planted tastes, from a seeded PRNG (same output on every run), written through the ingestion
// service functions the public API uses (upsertItems, upsertUsers, ingestEvents).
import { db } from '@/services/db/client';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { upsertItems } from '@/services/catalog/upsert-items';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { upsertItemsRequestSchema, upsertUsersRequestSchema } from '@/services/catalog/schemas';
import { cumulate, pad, seededRng } from './demo-rng';
import { BRANDS, CATEGORIES, COLOURS, COUNTRIES, FIRST, LAST, MODELS, PLANS } from './demo-shop-vocabulary';

export interface DemoShopSizes {
  items: number;
  users: number;
  /** Roughly: the generator stops each user at their share of this total. */
  events: number;
  /** Events fall in the `days` days before `now`. */
  days: number;
}

export const DEMO_SHOP_SIZES: DemoShopSizes = { items: 300, users: 2000, events: 50_000, days: 60 };
export const DEMO_SHOP_SEED = 20261124;
const BATCH = 1000;
const DAY_MS = 86_400_000;

export interface DemoItem {
  id: string;
  title: string;
  description: string;
  categories: string[];
  tags: string[];
  price: number;
  currency: string;
  available: boolean;
  url: string;
  publishedAt: number;
  properties: Record<string, unknown>;
}
export interface DemoUser { id: string; traits: Record<string, unknown> }
export interface DemoEvent {
  id: string;
  type: string;
  userId?: string;
  anonymousId?: string;
  itemId?: string;
  value?: number;
  timestamp: number;
  properties?: Record<string, unknown>;
}
export interface DemoShop {
  items: DemoItem[];
  users: DemoUser[];
  events: DemoEvent[];
  /** The planted tastes, by user id: what a recommender should rediscover. */
  tastes: Map<string, { categories: string[]; items: string[] }>;
}

// ---- Generator -----------------------------------------------------------------------------------

/**
 * The demo shop for the given sizes, a pure function of (seed, sizes, now): the same arguments give
 * the same items, users and events; ids do not depend on `now`, so a later run with another `now`
 * produces the same ids (re-seeding stores nothing twice).
 */
export function generateDemoShop(opts: { sizes?: Partial<DemoShopSizes>; seed?: number; now?: number } = {}): DemoShop {
  const sizes = { ...DEMO_SHOP_SIZES, ...opts.sizes };
  const now = opts.now ?? Date.now();
  const rng = seededRng(opts.seed ?? DEMO_SHOP_SEED);

  // Items: spread over the categories, each with a popularity weight (Zipf-like within its category).
  const items: DemoItem[] = [];
  const byCategory = new Map<string, { ids: string[]; cumulative: number[] }>();
  const priceOf = new Map<string, number>();
  const titles = new Set<string>();
  for (let i = 0; i < sizes.items; i++) {
    const cat = CATEGORIES[i % CATEGORIES.length]!;
    const brand = rng.pick(BRANDS);
    const noun = rng.pick(cat.nouns);
    const adjective = rng.pick(cat.adjectives);
    const colour = rng.pick(COLOURS);
    let title = `${brand} ${adjective} ${noun}${rng.pick(MODELS)}`;
    if (titles.has(title)) title = `${title} (${colour})`;
    if (titles.has(title)) title = `${title} #${i + 1}`;
    titles.add(title);
    const [lo, hi] = cat.price;
    const price = Math.round(lo + (hi - lo) * rng.next() ** 1.6) - 0.05;
    const tags = rng.sample(cat.tags, rng.int(2, 4));
    const [feature = '', other = ''] = rng.sample(cat.blurb, 2);
    const id = `sku-${pad(i + 1)}`;
    items.push({
      id,
      title,
      description: `${feature.charAt(0).toUpperCase()}${feature.slice(1)}, and ${other}. ${adjective} ${noun.toLowerCase()} by ${brand}, made for ${cat.audience}. Colour: ${colour}.`,
      categories: [cat.id],
      tags,
      price: Math.max(lo - 0.05, price),
      currency: 'EUR',
      available: !rng.chance(0.07),
      url: `https://demo-shop.cairn.dev/products/${id}`,
      publishedAt: Date.UTC(2024, 0, 1) + rng.int(0, 600) * DAY_MS,
      properties: { brand, colour },
    });
    const entry = byCategory.get(cat.id) ?? { ids: [] as string[], cumulative: [] as number[] };
    entry.ids.push(id);
    priceOf.set(id, items[items.length - 1]!.price);
    byCategory.set(cat.id, entry);
  }
  const categoryIds = [...byCategory.keys()];
  for (const entry of byCategory.values()) {
    // Popularity: shuffle ranks so the popular items are not simply the first ids.
    const ranks = rng.sample(entry.ids.map((_, r) => r), entry.ids.length);
    entry.cumulative = cumulate(ranks.map((r) => 1 / (r + 1) ** 0.9));
  }
  const categoryPopularity = cumulate(categoryIds.map((_, i) => 1 / (i + 2) ** 0.5));

  // Users: 1-2 favourite categories, a few favourite items in them, an activity level (log-normal).
  const users: DemoUser[] = [];
  const tastes = new Map<string, { categories: string[]; items: string[] }>();
  const activity: number[] = [];
  for (let u = 0; u < sizes.users; u++) {
    const id = `user-${pad(u + 1)}`;
    const favCats = [categoryIds[rng.weighted(categoryPopularity)]!];
    if (rng.chance(0.45) && categoryIds.length > 1) {
      let second = favCats[0]!;
      while (second === favCats[0]) second = rng.pick(categoryIds);
      favCats.push(second);
    }
    const favItems = new Set<string>();
    const nFav = rng.int(2, 5);
    for (let k = 0; k < nFav * 3 && favItems.size < nFav; k++) {
      const entry = byCategory.get(rng.pick(favCats))!;
      favItems.add(entry.ids[rng.weighted(entry.cumulative)]!);
    }
    tastes.set(id, { categories: favCats, items: [...favItems] });
    const first = rng.pick(FIRST);
    users.push({
      id,
      traits: {
        name: `${first} ${rng.pick(LAST)}`,
        email: `${first.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}.${pad(u + 1)}@example.com`,
        country: rng.pick(COUNTRIES),
        plan: rng.pick(PLANS),
        signedUpAt: new Date(Date.UTC(2023, 0, 1) + rng.int(0, 900) * DAY_MS).toISOString().slice(0, 10),
      },
    });
    activity.push(Math.exp(rng.normal() * 0.9));
  }
  const activityTotal = activity.reduce((s, a) => s + a, 0) || 1;

  // Behaviour: sessions at random times in the window; each session browses one category (the
  // user's favourites 85% of the time), views items by popularity (or a favourite item), and some
  // views lead to clicks, likes, carts, purchases and ratings.
  const events: DemoEvent[] = [];
  const sessionStart = () => {
    // More traffic in recent days (a growing shop), in the waking hours of the day.
    const daysAgo = Math.floor(sizes.days * rng.next() ** 1.25);
    const dayStart = Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const t = dayStart + rng.int(7 * 3600, 23 * 3600) * 1000 + rng.int(0, 999);
    // Not in the last two hours (a session lasts minutes and must not run into the future): such
    // a session moves to an earlier day, drawn whether needed or not, so that the sequence of
    // PRNG draws (hence every id) does not depend on `now`.
    const back = rng.int(1, Math.max(1, sizes.days - 1)) * DAY_MS;
    return t > now - 2 * 3600_000 ? t - back : t;
  };
  const emitSession = (who: { userId?: string; anonymousId?: string }, idPrefix: string, seq: { n: number }, taste?: { categories: string[]; items: string[] }) => {
    // Never draw from the PRNG conditionally on `now`: ids must not depend on it.
    let t = sessionStart();
    const push = (e: Omit<DemoEvent, 'id' | 'timestamp'>) => {
      t += rng.int(4, 90) * 1000;
      seq.n++;
      events.push({ id: `${idPrefix}-${pad(seq.n, 5)}`, ...who, ...e, timestamp: Math.min(t, now) });
    };
    const onTaste = taste !== undefined && rng.chance(0.85);
    const category = onTaste ? rng.pick(taste.categories) : categoryIds[rng.weighted(categoryPopularity)]!;
    const entry = byCategory.get(category)!;
    if (rng.chance(0.15)) push({ type: 'search', properties: { query: `${rng.pick(CATEGORIES.find((c) => c.id === category)!.nouns).toLowerCase()}` } });
    const views = rng.int(1, 6);
    for (let v = 0; v < views; v++) {
      const favourite = onTaste && taste.items.length > 0 && rng.chance(0.3);
      const itemId = favourite ? rng.pick(taste.items) : entry.ids[rng.weighted(entry.cumulative)]!;
      const liked = onTaste || favourite;
      push({ type: 'view', itemId, properties: { page: rng.pick(['home', 'category', 'search', 'product']) } });
      if (rng.chance(liked ? 0.45 : 0.2)) push({ type: 'click', itemId });
      if (rng.chance(liked ? 0.08 : 0.01)) push({ type: 'like', itemId });
      if (!liked && rng.chance(0.03)) push({ type: 'dislike', itemId });
      if (rng.chance(liked ? 0.12 : 0.03)) {
        const quantity = rng.chance(0.85) ? 1 : 2;
        push({ type: 'add_to_cart', itemId, value: quantity });
        if (rng.chance(0.45)) {
          const price = priceOf.get(itemId)!;
          push({ type: 'purchase', itemId, value: Math.round(price * quantity * 100) / 100, properties: { quantity, currency: 'EUR' } });
          if (rng.chance(0.5)) push({ type: 'rating', itemId, value: liked ? rng.int(4, 5) : rng.int(1, 4) });
        }
      }
    }
  };

  for (let u = 0; u < users.length; u++) {
    const user = users[u]!;
    const quota = Math.max(3, Math.round((sizes.events * 0.95 * activity[u]!) / activityTotal));
    const seq = { n: 0 };
    for (let guard = 0; seq.n < quota && guard < 10_000; guard++) emitSession({ userId: user.id }, `evt-${user.id}`, seq, tastes.get(user.id));
  }
  // Anonymous visitors: a session or two each, no tastes.
  const visitors = Math.max(1, Math.round(sizes.users / 10));
  for (let a = 0; a < visitors; a++) {
    const anonymousId = `anon-${pad(a + 1)}`;
    const seq = { n: 0 };
    const sessions = rng.int(1, 2);
    for (let s = 0; s < sessions; s++) emitSession({ anonymousId }, `evt-${anonymousId}`, seq);
  }
  return { items, users, events, tastes };
}

// ---- Seeding -------------------------------------------------------------------------------------

export interface SeedDemoShopResult {
  skipped: boolean;
  items: number;
  users: number;
  events: { generated: number; accepted: number; duplicates: number; rejected: number };
  ms: number;
}

/**
 * Writes the demo shop into `workspaceId` through the ingestion services, in batches of 1,000.
 * Idempotent: ids are deterministic, so a re-run stores nothing twice; when the last event of the
 * set is already stored (the batches run in order), the whole run is skipped.
 */
export async function seedDemoShop(
  workspaceId: string,
  opts: { sizes?: Partial<DemoShopSizes>; seed?: number; now?: number; force?: boolean } = {},
): Promise<SeedDemoShopResult> {
  const started = performance.now();
  const shop = generateDemoShop(opts);
  const lastEvent = shop.events[shop.events.length - 1];
  const counts = { generated: shop.events.length, accepted: 0, duplicates: 0, rejected: 0 };
  if (!opts.force && lastEvent) {
    const done = await db().event.findFirst({ where: { workspaceId, id: lastEvent.id }, select: { id: true } });
    if (done) return { skipped: true, items: shop.items.length, users: shop.users.length, events: counts, ms: Math.round(performance.now() - started) };
  }
  // Parsed with the API's own request schemas, as PUT /v1/items and PUT /v1/users would.
  for (let i = 0; i < shop.items.length; i += BATCH) {
    const { items } = upsertItemsRequestSchema.parse({ items: shop.items.slice(i, i + BATCH) });
    await upsertItems(workspaceId, items);
  }
  for (let i = 0; i < shop.users.length; i += BATCH) {
    const { users } = upsertUsersRequestSchema.parse({ users: shop.users.slice(i, i + BATCH) });
    await upsertUsers(workspaceId, users);
  }
  for (let i = 0; i < shop.events.length; i += BATCH) {
    const result = await ingestEvents(workspaceId, shop.events.slice(i, i + BATCH));
    counts.accepted += result.accepted;
    counts.duplicates += result.duplicates;
    counts.rejected += result.rejected.length;
    if (result.rejected.length > 0) throw new Error(`demo events rejected: ${result.rejected[0]!.message}`);
  }
  return { skipped: false, items: shop.items.length, users: shop.users.length, events: counts, ms: Math.round(performance.now() - started) };
}
