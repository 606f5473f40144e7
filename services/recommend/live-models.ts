// In-memory serving state per workspace, in the api process: the promoted model version (and the
// A/B pair), the catalog facts filters need, and every actor's item history. Loaded on a
// workspace's first request, then kept fresh by a tick (default every second) that reads new
// events, catalog changes and settings (a newly promoted version is swapped in atomically), plus
// an immediate refresh after this process stores events or catalog changes (see routes). The hot
// path reads memory only: no database round trip per recommendation.
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { decodeArtifact, type RecArtifact } from '@/ml/recsys/artifact';
import { eventWeight, KIND_INDEX, type EventWeights } from '@/ml/recsys/interactions';
import { categoriesCsr, type ItemCategoriesCsr } from '@/ml/recsys/model';
import { SparseRanker, type Universe } from '@/ml/recsys/serve';
import { actorKey, ITEM_EVENT_KINDS, MAX_TRAINING_EVENTS } from './load-training-data';
import { getRecSettings, type RecSettingsView } from './get-rec-settings';
import { buildServingProfile, type ServingProfile } from './serving-profile';

/** How often loaded workspaces read new events, catalog changes and settings (RECS_REFRESH_MS). */
const tickMs = () => env().RECS_REFRESH_MS;
/** Full reload of histories (picks up erasures and late historical events). */
const RELOAD_MS = 15 * 60_000;
/** Workspaces unused this long are dropped from memory. */
const IDLE_MS = 10 * 60_000;
/**
 * Overlap of successive reads (commit order is not receivedAt / updatedAt order): a row stamped at
 * t is assumed committed by t + OVERLAP_MS. A read starts OVERLAP_MS before the later of the
 * watermark (newest stamp seen) and the previous read's start: anything older was already visible
 * to the previous read (unless that read was cut by its LIMIT: then from the watermark). From the
 * watermark alone, a burst of writes followed by quiet meant re-reading the whole burst every tick:
 * 10,000 items imported in a few seconds were read again each second, stalling requests ~50 ms.
 */
const OVERLAP_MS = 5_000;
/** Live tail reads events whose own timestamp is at most this old. */
const TAIL_WINDOW_MS = 10 * 60_000;
/** Most events one tail read takes; the next read continues from the last one read. */
const TAIL_LIMIT = 100_000;
/** Memory for serving profiles per workspace (about 3 KB per actor); the oldest go first beyond it. */
export const PROFILE_CACHE_BYTES = 64 * 1024 * 1024;

export interface CatalogEntry {
  categories: string[];
  price: number | null;
  available: boolean;
  deleted: boolean;
}

/** Counts of one actor's events on one item, by kind (ratings by band), and when. */
export interface Cell {
  counts: Float32Array; // view, click, add_to_cart, purchase, like, dislike, ratingHigh, ratingMid, ratingLow
  first: number;
  last: number;
}
const BAND = { view: 0, click: 1, add_to_cart: 2, purchase: 3, like: 4, dislike: 5 } as Record<string, number>;

export interface LoadedModel {
  version: number;
  artifact: RecArtifact;
  index: Map<string, number>;
  /** The catalog aligned with the model's item indexes (rebuilt when the catalog changes). */
  view: CatalogView | null;
  /** Exact sparse ranking: base vectors and orders per time bucket, scratch buffers. */
  ranker: SparseRanker;
  /** The profile of an actor without history under this model (popularity). */
  empty: ServingProfile | null;
}

/** Catalog facts per model index: the hot path filters with array lookups only. */
export interface CatalogView {
  catalogVersion: number;
  /** 1: in the catalog, 2: deleted, 4: available */
  flags: Uint8Array;
  price: Float64Array;
  categories: ItemCategoriesCsr;
  categoryIds: Map<string, number>;
  /** Per category index: its model items as a mask, and the categories they carry (built on first use). */
  universes: Map<number, Universe>;
  /** Per (time bucket, category): the category's items in base order (built on first use). */
  orders: Map<number, Int32Array>;
}

interface EventRow {
  id: string;
  u: string | null;
  a: string | null;
  i: string;
  t: string;
  v: number | null;
  ms: number;
  rms: number;
}

function addEvent(histories: Map<string, Map<string, Cell>>, r: EventRow) {
  const key = actorKey(r.u, r.a);
  if (key === null) return;
  let h = histories.get(key);
  if (!h) histories.set(key, (h = new Map()));
  let c = h.get(r.i);
  const t = Number(r.ms);
  if (!c) h.set(r.i, (c = { counts: new Float32Array(9), first: t, last: t }));
  else {
    if (t < c.first) c.first = t;
    if (t > c.last) c.last = t;
  }
  if (r.t === 'rating') {
    const v = r.v ?? 3;
    const x = v > 5 ? v / 2 : v;
    c.counts[x >= 4 ? 6 : x > 2 ? 7 : 8]!++;
  } else {
    const b = BAND[r.t];
    if (b !== undefined) c.counts[b]!++;
  }
}

/** The signed weight of a cell under a model's event weights. */
export function cellWeight(c: Cell, w: EventWeights, lowRatingsPositive: boolean): number {
  const k = c.counts;
  return (
    k[0]! * w.view +
    k[1]! * w.click +
    k[2]! * w.add_to_cart +
    k[3]! * w.purchase +
    k[4]! * w.like +
    k[5]! * w.dislike +
    (k[6]! ? k[6]! * eventWeight(KIND_INDEX.rating!, 5, w, lowRatingsPositive) : 0) +
    (k[7]! ? k[7]! * eventWeight(KIND_INDEX.rating!, 3, w, lowRatingsPositive) : 0) +
    (k[8]! ? k[8]! * eventWeight(KIND_INDEX.rating!, 1, w, lowRatingsPositive) : 0)
  );
}

export class WorkspaceState {
  models = new Map<number, LoadedModel>();
  settings!: RecSettingsView;
  catalog = new Map<string, CatalogEntry>();
  histories = new Map<string, Map<string, Cell>>();
  /** Serving profiles per actor key (oldest first), dropped when the actor's history changes. */
  profiles = new Map<string, ServingProfile>();
  private profileBytes = 0;
  /** Memory budget of the profiles (PROFILE_CACHE_BYTES; tests lower it). */
  profileBudget = PROFILE_CACHE_BYTES;
  /** Counts per item over all histories (the fallback before any model exists). */
  private eventPopularity: Map<string, number> | null = null;
  private popularCache = new Map<string, { at: number; items: [string, number][] }>();
  private eventWatermark = 0;
  private recentIds = new Map<string, number>();
  private catalogWatermark = 0;
  /** Bumped on every catalog change: model views rebuild lazily. */
  catalogVersion = 0;
  private categoryIndex: { version: number; ids: Map<string, string[]> } | null = null;
  private loadedAt = 0;
  /** Date.now() when the last read of events and catalog began (a load or a tick). */
  private lastReadAt = 0;
  /** Whether the last tail read got every new event (not cut by TAIL_LIMIT). */
  private tailComplete = true;
  private running: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  lastUsed = Date.now();
  timer: NodeJS.Timeout | null = null;

  constructor(readonly workspaceId: string) {}

  /** The model serving this actor (A/B split when enabled), or null when none is trained. */
  modelFor(key: string | null): LoadedModel | null {
    const s = this.settings;
    if (s.ab.enabled && s.ab.versionA && s.ab.versionB) {
      const a = this.models.get(s.ab.versionA);
      const b = this.models.get(s.ab.versionB);
      if (a && b) return abBucket(key ?? '') < s.ab.percentB ? b : a;
    }
    return s.activeVersion ? (this.models.get(s.activeVersion) ?? null) : null;
  }

  /** Any loaded model (for item lookups when the actor does not matter). */
  defaultModel(): LoadedModel | null {
    return this.settings.activeVersion ? (this.models.get(this.settings.activeVersion) ?? null) : null;
  }

  popularityFallback(): Map<string, number> {
    if (!this.eventPopularity) {
      const m = new Map<string, number>();
      for (const h of this.histories.values()) for (const id of h.keys()) m.set(id, (m.get(id) ?? 0) + 1);
      this.eventPopularity = m;
    }
    return this.eventPopularity;
  }

  /** Items by positive weight of events whose latest time falls in the window (cached 30 s). */
  popularIn(windowMs: number | null, now = Date.now()): [string, number][] {
    const key = String(windowMs);
    const hit = this.popularCache.get(key);
    if (hit && now - hit.at < 30_000) return hit.items;
    const since = windowMs === null ? -Infinity : now - windowMs;
    const w = this.settings.eventWeights;
    const sums = new Map<string, number>();
    for (const h of this.histories.values()) {
      for (const [id, c] of h) {
        if (c.last < since) continue;
        const x = cellWeight(c, w, true);
        if (x > 0) sums.set(id, (sums.get(id) ?? 0) + Math.log1p(x));
      }
    }
    const items = [...sums.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    this.popularCache.set(key, { at: now, items });
    return items;
  }

  /** Reads what changed since the last tick (new events, catalog, settings); coalesces callers. */
  refresh(): Promise<void> {
    this.pending ??= this.running.then(() => {
      this.pending = null;
      this.running = this.tick().catch(() => undefined);
      return this.running;
    });
    return this.pending;
  }

  async load(): Promise<void> {
    const readAt = Date.now();
    const settings = await getRecSettings(this.workspaceId);
    const [catalog, histories] = await Promise.all([this.readCatalog(0), this.readAllEvents()]);
    this.catalog = new Map();
    for (const row of catalog) this.applyCatalogRow(row);
    this.histories = histories;
    this.profiles.clear();
    this.profileBytes = 0;
    this.eventPopularity = null;
    this.popularCache.clear();
    this.models = await this.loadModels(settings, new Map());
    this.settings = settings;
    this.loadedAt = Date.now();
    this.lastReadAt = readAt;
  }

  /** Lower bound of the next read for a watermark (see OVERLAP_MS). */
  private readFrom(watermark: number, previousReadComplete = true) {
    return (previousReadComplete ? Math.max(watermark, this.lastReadAt) : watermark) - OVERLAP_MS;
  }

  private async tick(): Promise<void> {
    if (Date.now() - this.loadedAt > RELOAD_MS) return this.load();
    const settings = await getRecSettings(this.workspaceId);
    // A newly promoted version: reload everything, so histories hold every event it was trained
    // on (events with old timestamps imported meanwhile are not in the live tail).
    if (settings.activeVersion !== this.settings.activeVersion) return this.load();
    const readAt = Date.now();
    const [catalog, events] = await Promise.all([this.readCatalog(this.readFrom(this.catalogWatermark)), this.readTail()]);
    this.lastReadAt = readAt;
    for (const row of catalog) this.applyCatalogRow(row);
    let added = 0;
    for (const e of events) {
      if (this.recentIds.has(e.id)) continue;
      this.recentIds.set(e.id, Number(e.rms));
      addEvent(this.histories, e);
      const key = actorKey(e.u, e.a);
      if (key !== null) this.dropProfile(key);
      added++;
      if (Number(e.rms) > this.eventWatermark) this.eventWatermark = Number(e.rms);
    }
    this.tailComplete = events.length < TAIL_LIMIT;
    for (const [id, rms] of this.recentIds) if (rms < this.readFrom(this.eventWatermark, this.tailComplete) - OVERLAP_MS) this.recentIds.delete(id);
    if (added > 0) {
      this.eventPopularity = null;
      this.popularCache.clear();
    }
    const changed =
      settings.activeVersion !== this.settings.activeVersion ||
      settings.ab.enabled !== this.settings.ab.enabled ||
      settings.ab.versionA !== this.settings.ab.versionA ||
      settings.ab.versionB !== this.settings.ab.versionB;
    if (changed) {
      const models = await this.loadModels(settings, this.models);
      this.models = models; // swap: requests see the old set or the new one, never a mix
      this.popularCache.clear();
    }
    this.settings = settings;
  }

  private async loadModels(settings: RecSettingsView, current: Map<number, LoadedModel>): Promise<Map<number, LoadedModel>> {
    const wanted = new Set<number>();
    if (settings.activeVersion) wanted.add(settings.activeVersion);
    if (settings.ab.enabled) for (const v of [settings.ab.versionA, settings.ab.versionB]) if (v) wanted.add(v);
    const out = new Map<number, LoadedModel>();
    for (const version of wanted) {
      const have = current.get(version);
      if (have) {
        out.set(version, have);
        continue;
      }
      const row = await db().recModelVersion.findUnique({
        where: { workspaceId_version: { workspaceId: this.workspaceId, version } },
        select: { artifact: true },
      });
      if (!row?.artifact) continue;
      const artifact = decodeArtifact(row.artifact);
      const index = new Map(artifact.itemIds.map((id, i) => [id, i]));
      out.set(version, { version, artifact, index, view: null, ranker: new SparseRanker(artifact.model), empty: null });
    }
    return out;
  }

  private applyCatalogRow(r: { id: string; categories: string[]; price: number | null; available: boolean; deleted: boolean; ums: number }) {
    const old = this.catalog.get(r.id);
    if (!old || old.deleted !== r.deleted || old.available !== r.available || old.price !== r.price || old.categories.join('\u0000') !== r.categories.join('\u0000')) {
      this.catalogVersion++;
    }
    this.catalog.set(r.id, { categories: r.categories, price: r.price, available: r.available, deleted: r.deleted });
    if (Number(r.ums) > this.catalogWatermark) this.catalogWatermark = Number(r.ums);
  }

  private readCatalog(sinceMs: number) {
    return db().$queryRaw<{ id: string; categories: string[]; price: number | null; available: boolean; deleted: boolean; ums: number }[]>`
      SELECT "id", "categories", "price", "available", ("deletedAt" IS NOT NULL) AS deleted,
             (extract(epoch FROM "updatedAt") * 1000)::float8 AS ums
      FROM "Item" WHERE "workspaceId" = ${this.workspaceId}
        AND "updatedAt" > timestamp '1970-01-01' + ${Math.max(0, sinceMs)}::float8 * interval '1 millisecond'`;
  }

  private async readAllEvents(): Promise<Map<string, Map<string, Cell>>> {
    const rows = await db().$queryRaw<EventRow[]>`
      SELECT "id", "userId" AS u, "anonymousId" AS a, "itemId" AS i, "type" AS t, "value" AS v,
             (extract(epoch FROM "timestamp") * 1000)::float8 AS ms, (extract(epoch FROM "receivedAt") * 1000)::float8 AS rms
      FROM "Event"
      WHERE "workspaceId" = ${this.workspaceId} AND "itemId" IS NOT NULL AND "type" = ANY(${ITEM_EVENT_KINDS as string[]})
      ORDER BY "timestamp" DESC LIMIT ${MAX_TRAINING_EVENTS}`;
    const histories = new Map<string, Map<string, Cell>>();
    let max = 0;
    for (let k = rows.length - 1; k >= 0; k--) {
      addEvent(histories, rows[k]!);
      if (Number(rows[k]!.rms) > max) max = Number(rows[k]!.rms);
    }
    this.recentIds.clear();
    for (const r of rows) if (Number(r.rms) >= max - OVERLAP_MS) this.recentIds.set(r.id, Number(r.rms));
    this.eventWatermark = max;
    return histories;
  }

  private readTail() {
    const since = Date.now() - TAIL_WINDOW_MS;
    const after = this.readFrom(this.eventWatermark, this.tailComplete);
    return db().$queryRaw<EventRow[]>`
      SELECT "id", "userId" AS u, "anonymousId" AS a, "itemId" AS i, "type" AS t, "value" AS v,
             (extract(epoch FROM "timestamp") * 1000)::float8 AS ms, (extract(epoch FROM "receivedAt") * 1000)::float8 AS rms
      FROM "Event"
      WHERE "workspaceId" = ${this.workspaceId}
        AND "timestamp" >= timestamp '1970-01-01' + ${since}::float8 * interval '1 millisecond'
        AND "receivedAt" > timestamp '1970-01-01' + ${after}::float8 * interval '1 millisecond'
        AND "itemId" IS NOT NULL AND "type" = ANY(${ITEM_EVENT_KINDS as string[]})
      ORDER BY "receivedAt" LIMIT ${TAIL_LIMIT}`;
  }

  /** The catalog aligned with a model's indexes, rebuilt when the catalog changed since. */
  viewOf(m: LoadedModel): CatalogView {
    if (m.view && m.view.catalogVersion === this.catalogVersion) return m.view;
    const n = m.artifact.itemIds.length;
    const flags = new Uint8Array(n);
    const price = new Float64Array(n).fill(NaN);
    const categoryIds = new Map<string, number>();
    const cats: (number[] | undefined)[] = new Array(n);
    m.artifact.itemIds.forEach((id, i) => {
      const c = this.catalog.get(id);
      if (!c) return;
      flags[i] = 1 | (c.deleted ? 2 : 0) | (c.available ? 4 : 0);
      if (c.price !== null) price[i] = c.price;
      if (c.categories.length > 0) {
        cats[i] = c.categories.map((name) => {
          let k = categoryIds.get(name);
          if (k === undefined) categoryIds.set(name, (k = categoryIds.size));
          return k;
        });
      }
    });
    m.view = { catalogVersion: this.catalogVersion, flags, price, categories: categoriesCsr(cats), categoryIds, universes: new Map(), orders: new Map() };
    return m.view;
  }

  /** The catalog's item ids in a category, in catalog order (rebuilt after catalog changes). */
  catalogIdsIn(category: string): readonly string[] {
    if (this.categoryIndex?.version !== this.catalogVersion) {
      const ids = new Map<string, string[]>();
      for (const [id, c] of this.catalog) {
        for (const name of c.categories) {
          let list = ids.get(name);
          if (!list) ids.set(name, (list = []));
          if (list[list.length - 1] !== id) list.push(id);
        }
      }
      this.categoryIndex = { version: this.catalogVersion, ids };
    }
    return this.categoryIndex.ids.get(category) ?? [];
  }

  /** An actor's serving profile under a model: kept until their history changes (or the model). */
  profileOf(m: LoadedModel, key: string): ServingProfile {
    const hit = this.profiles.get(key);
    if (hit && hit.model === m) return hit;
    const cells = this.histories.get(key);
    if (!cells) return (m.empty ??= buildServingProfile(m, [], false));
    if (hit) this.dropProfile(key);
    const p = buildServingProfile(m, [...cells], true);
    this.profiles.set(key, p);
    this.profileBytes += p.bytes;
    for (const [k, old] of this.profiles) {
      if (this.profileBytes <= this.profileBudget) break;
      this.profiles.delete(k);
      this.profileBytes -= old.bytes;
    }
    return p;
  }

  /** Forgets an actor's serving profile (their history changed). */
  dropProfile(key: string) {
    const p = this.profiles.get(key);
    if (!p) return;
    this.profiles.delete(key);
    this.profileBytes -= p.bytes;
  }

  forgetActor(key: string) {
    this.dropProfile(key);
    if (this.histories.delete(key)) {
      this.eventPopularity = null;
      this.popularCache.clear();
    }
  }
}

/** Stable 0-99 bucket of an actor for the A/B split (FNV-1a). */
export function abBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100;
}

const states = new Map<string, Promise<WorkspaceState>>();
/** The states whose load finished (the hot path takes them without a promise). */
const ready = new Map<string, WorkspaceState>();
let sweeper: NodeJS.Timeout | null = null;

/** The workspace's serving state, loading it on first use. */
export function liveState(workspaceId: string): Promise<WorkspaceState> {
  let p = states.get(workspaceId);
  if (!p) {
    const s = new WorkspaceState(workspaceId);
    p = s.load().then(() => {
      s.timer = setInterval(() => void s.refresh(), tickMs());
      s.timer.unref();
      if (states.get(workspaceId) === p) ready.set(workspaceId, s);
      return s;
    });
    p.catch(() => states.delete(workspaceId));
    states.set(workspaceId, p);
    sweeper ??= setInterval(sweepIdle, 60_000);
    sweeper.unref();
  }
  return p.then((s) => {
    s.lastUsed = Date.now();
    return s;
  });
}

/** The workspace's serving state if it is loaded (no promise on the hot path), else liveState(). */
export function liveStateNow(workspaceId: string): WorkspaceState | Promise<WorkspaceState> {
  const s = ready.get(workspaceId);
  if (!s) return liveState(workspaceId);
  s.lastUsed = Date.now();
  return s;
}

/** Refreshes a workspace's state now if it is loaded in this process (after writes that affect it). */
export async function refreshIfLoaded(workspaceId: string): Promise<void> {
  const p = states.get(workspaceId);
  if (!p) return;
  const s = await p.catch(() => null);
  await s?.refresh();
}

/**
 * Erasure: drops a user's history and serving profile from this process's memory, once their
 * events are deleted (committed). A tick already reading may still bring their events back, so
 * the state is refreshed first (waits for it) and the user forgotten after. Whether any was held.
 */
export async function forgetUser(workspaceId: string, userId: string): Promise<boolean> {
  const s = await states.get(workspaceId)?.catch(() => null);
  if (!s) return false;
  await s.refresh();
  const key = userId; // a user's actor key is their id (actorKey)
  const held = s.histories.has(key) || s.profiles.has(key);
  s.forgetActor(key);
  return held;
}

function sweepIdle() {
  const now = Date.now();
  for (const [id, p] of states) {
    void p.then((s) => {
      if (now - s.lastUsed > IDLE_MS) {
        if (s.timer) clearInterval(s.timer);
        states.delete(id);
        if (ready.get(id) === s) ready.delete(id);
      }
    }, () => undefined);
  }
}

/** Stops every refresh timer (server shutdown, tests). */
export async function clearLiveStates() {
  for (const p of states.values()) {
    const s = await p.catch(() => null);
    if (s?.timer) clearInterval(s.timer);
  }
  states.clear();
  ready.clear();
}
