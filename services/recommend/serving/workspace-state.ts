// In-memory serving state of one workspace, in the api process: the promoted model version (and
// the A/B pair), the catalog facts filters need, every actor's item history and their serving
// profiles. Loaded on the workspace's first request (registry.ts); refresh() reads what changed
// through the database tail when the event feed says so (event-feed.ts). The hot path reads
// memory only: no database round trip per recommendation; resolveRequest() hands ranking all it
// needs of this state in one request (serving-request.ts).
import { heldBytes } from '@/lib/held-bytes';
import { getRecSettings, type RecSettingsView } from '../get-rec-settings';
import { listRules } from '../rules/list-rules';
import type { PostRanking, RecRuleView } from '../rules/schemas';
import { Catalog } from './catalog';
import { DatabaseTail } from './database-tail';
import { addEvent, cellWeight, historiesOf } from './histories';
import { loadModels } from './model-loader';
import { actorKey } from '../load-training-data';
import { ProfileCache } from './profile-cache';
import { buildServingProfile } from './serving-profile';
import { requestCells, ServingRequest, type ModelSide, type RequestQuery } from './serving-request';
import type { CatalogView, Cell, Histories, LoadedModel, ServingProfile } from './types';

/** Measured heap per history cell (a Float32Array of 9 counts, its object and map slot) and per catalog entry. */
const CELL_BYTES = 380;
const CATALOG_ENTRY_BYTES = 160;

/** Full reload of histories (picks up erasures and late historical events). */
const RELOAD_MS = 15 * 60_000;

/** Stable 0-99 bucket of an actor for the A/B split (FNV-1a). */
export function abBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100;
}

export class WorkspaceState {
  models = new Map<number, LoadedModel>();
  settings!: RecSettingsView;
  /** The workspace's business rules (reloaded when RecSettings.updatedAt moves: rule changes bump it). */
  rules: readonly RecRuleView[] = [];
  readonly catalog = new Catalog();
  histories: Histories = new Map();
  private readonly profileCache = new ProfileCache();
  private readonly tail: DatabaseTail;
  /** Counts per item over all histories (the fallback before any model exists). */
  private eventPopularity: Map<string, number> | null = null;
  private popularCache = new Map<string, { at: number; items: [string, number][] }>();
  private loadedAt = 0;
  private running: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;

  constructor(readonly workspaceId: string) {
    this.tail = new DatabaseTail(workspaceId);
  }

  /** Serving profiles per actor key (oldest first), dropped when the actor's history changes. */
  get profiles(): ReadonlyMap<string, ServingProfile> {
    return this.profileCache.entries;
  }

  /** Memory budget of the profiles (PROFILE_CACHE_BYTES; tests lower it). */
  get profileBudget(): number {
    return this.profileCache.budget;
  }

  set profileBudget(bytes: number) {
    this.profileCache.budget = bytes;
  }

  /**
   * Approximate memory this state holds, for the registry's budget: models (their arrays, item ids
   * and index), histories, catalog facts and kept profiles. Costs a pass over the actors and the
   * models' arrays, so the registry asks at most every few seconds.
   */
  heldBytes(): number {
    let bytes = this.profileCache.used + this.catalog.size * CATALOG_ENTRY_BYTES;
    for (const m of this.models.values()) bytes += heldBytes(m.artifact) + heldBytes(m.ranker) + m.index.size * 64;
    for (const h of this.histories.values()) bytes += h.size * CELL_BYTES;
    return bytes;
  }

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

  /** What a list needs after ranking (rules, a diversity cap), or null for the plain path (the common case). */
  postRanking(maxPerCategory?: number): PostRanking | null {
    const cap = maxPerCategory ?? this.settings.maxPerCategory;
    if (this.rules.length === 0 && cap === null) return null;
    return { rules: this.rules, maxPerCategory: cap };
  }

  /** Any loaded model (for item lookups when the actor does not matter). */
  defaultModel(): LoadedModel | null {
    return this.settings.activeVersion ? (this.models.get(this.settings.activeVersion) ?? null) : null;
  }

  /** The catalog aligned with a model's indexes, rebuilt when the catalog changed since. */
  viewOf(m: LoadedModel): CatalogView {
    return this.catalog.viewOf(m);
  }

  /**
   * A request resolved against this state, once: the actor's model, its catalog view, the profile
   * (kept between requests for one actor without session items, the common case), what follows
   * ranking, and the item test on ids. Synchronous: it reads memory only.
   */
  resolveRequest(q: RequestQuery): ServingRequest {
    const { userKey, anonKey, recent } = q;
    const model = this.modelFor(userKey ?? anonKey ?? recent.join(','));
    const post = this.postRanking(q.maxPerCategory);
    const popularity = model ? null : this.popularityFallback();
    let side: ModelSide | null = null;
    let cells: Map<string, Cell> | undefined; // the request's history, built here only for a profile
    if (model) {
      // One actor and no session items (the common case): their profile is kept between requests.
      const single = recent.length === 0 && (userKey === null) !== (anonKey === null);
      const key = (userKey ?? anonKey)!;
      const profile = single ? this.profileCache.profileOf(model, key, this.histories.get(key)) : buildServingProfile(model, [...(cells = requestCells(this.histories, q))], false);
      side = { model, view: this.catalog.viewOf(model), profile };
    }
    const request = new ServingRequest(q, side, popularity, post, this.catalog, this.histories, cells);
    // Rules call the item test after an await: built now, from the history ranking sees.
    if (post) request.itemTest();
    return request;
  }

  /** Forgets an actor's serving profile (their history changed). */
  dropProfile(key: string) {
    this.profileCache.drop(key);
  }

  /** Forgets an actor's history and profile (erasure). */
  forgetActor(key: string) {
    this.dropProfile(key);
    if (this.histories.delete(key)) this.historiesChanged();
  }

  /**
   * An identify merge (any process): the anonymous actor's cells join the user's history, counts
   * added, so the next recommendation for the user knows what they did before signing in.
   */
  mergeActor(from: string, into: string) {
    const source = this.histories.get(from);
    if (!source) return;
    let target = this.histories.get(into);
    if (!target) this.histories.set(into, (target = new Map()));
    for (const [item, c] of source) {
      const t = target.get(item);
      if (!t) {
        target.set(item, c);
        continue;
      }
      for (let k = 0; k < t.counts.length; k++) t.counts[k]! += c.counts[k]!;
      t.first = Math.min(t.first, c.first);
      t.last = Math.max(t.last, c.last);
    }
    this.histories.delete(from);
    this.dropProfile(from);
    this.dropProfile(into);
    this.historiesChanged();
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

  /** Reads what changed since the last read (new events, catalog, settings); coalesces callers. */
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
    const [settings, rules] = await Promise.all([getRecSettings(this.workspaceId), listRules(this.workspaceId)]);
    const { catalog, events } = await this.tail.readAll(readAt);
    this.rules = rules;
    this.catalog.reset(catalog);
    this.histories = historiesOf(events);
    this.profileCache.clear();
    this.historiesChanged();
    this.models = await loadModels(this.workspaceId, settings, new Map());
    this.settings = settings;
    this.loadedAt = Date.now();
  }

  private async tick(): Promise<void> {
    if (Date.now() - this.loadedAt > RELOAD_MS) return this.load();
    const settings = await getRecSettings(this.workspaceId);
    // A newly promoted version: reload everything, so histories hold every event it was trained
    // on (events with old timestamps imported meanwhile are not in the live tail).
    if (settings.activeVersion !== this.settings.activeVersion) return this.load();
    if (settings.updatedAt?.getTime() !== this.settings.updatedAt?.getTime()) this.rules = await listRules(this.workspaceId);
    const { catalog, events, merges } = await this.tail.readChanges();
    this.catalog.apply(catalog);
    for (const e of events) {
      const key = addEvent(this.histories, e);
      if (key !== null) this.dropProfile(key);
    }
    if (events.length > 0) this.historiesChanged();
    for (const m of merges) this.mergeActor(actorKey(null, m.anonymousId)!, m.userId);
    const changed =
      settings.ab.enabled !== this.settings.ab.enabled || settings.ab.versionA !== this.settings.ab.versionA || settings.ab.versionB !== this.settings.ab.versionB;
    if (changed) {
      this.models = await loadModels(this.workspaceId, settings, this.models); // swap: requests see the old set or the new one, never a mix
      this.popularCache.clear();
    }
    this.settings = settings;
  }

  /** Aggregates over histories are stale. */
  private historiesChanged() {
    this.eventPopularity = null;
    this.popularCache.clear();
  }
}
