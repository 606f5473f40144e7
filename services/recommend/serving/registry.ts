// The workspaces loaded for serving in this process: an LRU cache (lru-cache) bounded in count
// and in memory (RECS_SERVING_MEMORY_MB), dropping workspaces idle for IDLE_MS. A dropped workspace
// is loaded again on its next request. It listens to the event feed: a change of a loaded
// workspace refreshes its state; a change of one not loaded is nothing to do (its first request
// loads everything).
import { LRUCache } from 'lru-cache';
import { env } from '@/services/config/env';
import { eventFeed } from './event-feed';
import { WorkspaceState } from './workspace-state';

/** Workspaces unused this long are dropped from memory. */
const IDLE_MS = 10 * 60_000;
/** Most workspaces held at once (the least recently used goes first beyond it). */
const MAX_WORKSPACES = 500;
/** A held workspace's size is measured again after this long, on a request (it grows with events). */
const RESIZE_MS = 5_000;

interface Entry {
  state: WorkspaceState;
  /** The first load; resolves to the state. */
  loaded: Promise<WorkspaceState>;
  /** Whether the first load finished (the hot path then takes the state without a promise). */
  ready: boolean;
  /** When its size was last measured. */
  sizedAt: number;
}

let cache: LRUCache<string, Entry> | undefined;
let budgetBytes: number | undefined;
/** Built on first use, so the memory budget is read from the configuration then. */
function registry(): LRUCache<string, Entry> {
  return (cache ??= new LRUCache<string, Entry>({
    max: MAX_WORKSPACES,
    maxSize: Math.max(1, Math.round(budgetBytes ?? env().RECS_SERVING_MEMORY_MB * 1024 * 1024)),
    ttl: IDLE_MS,
    updateAgeOnGet: true,
    dispose: (_entry, workspaceId) => eventFeed.unwatch(workspaceId),
  }));
}

/**
 * Records a held workspace's current size: the entry is set again (lru-cache takes a new size only
 * with a new value; not a disposal), becomes the most recently used, and older ones go while the
 * total is over the budget. One workspace larger than the whole budget is still held, alone,
 * rather than reloaded on every request.
 */
function resize(workspaceId: string, entry: Entry): Entry {
  const live = registry();
  const resized: Entry = { ...entry, sizedAt: Date.now() };
  const size = Math.min(Math.max(1, entry.state.heldBytes()), live.maxSize);
  live.set(workspaceId, resized, { size, noDisposeOnSet: true });
  return resized;
}

function open(workspaceId: string): Entry {
  const live = registry();
  const state = new WorkspaceState(workspaceId);
  const loaded = state.load().then(() => {
    if (live.peek(workspaceId) === entry) {
      entry.ready = true;
      eventFeed.watch(workspaceId);
      resize(workspaceId, entry);
    }
    return state;
  });
  const entry: Entry = { state, loaded, ready: false, sizedAt: 0 };
  loaded.catch(() => {
    if (live.peek(workspaceId) === entry) live.delete(workspaceId);
  });
  live.set(workspaceId, entry, { size: 1 }); // measured once loaded
  return entry;
}

/** The workspace's serving state, loading it on first use. */
export function liveState(workspaceId: string): Promise<WorkspaceState> {
  return (registry().get(workspaceId) ?? open(workspaceId)).loaded;
}

/** The workspace's serving state if it is loaded (no promise on the hot path), else liveState(). */
export function liveStateNow(workspaceId: string): WorkspaceState | Promise<WorkspaceState> {
  const entry = registry().get(workspaceId) ?? open(workspaceId);
  if (!entry.ready) return entry.loaded;
  if (Date.now() - entry.sizedAt > RESIZE_MS) resize(workspaceId, entry);
  return entry.state;
}

/** The workspaces this process holds, most recently used first, with their measured sizes. */
export function heldWorkspaces(): { workspaceId: string; bytes: number }[] {
  const live = registry();
  return [...live.keys()].map((workspaceId) => ({ workspaceId, bytes: live.info(workspaceId)?.size ?? 0 }));
}

/** A loaded (or loading) workspace's state, without counting as a use; null when not held. */
async function heldState(workspaceId: string): Promise<WorkspaceState | null> {
  const entry = registry().get(workspaceId, { updateAgeOnGet: false }); // an idle one is dropped here
  return entry ? entry.loaded.catch(() => null) : null;
}

/** The feed's changes: a held workspace reads them before the writer's response goes out. */
async function onFeedChange(workspaceId: string): Promise<void> {
  await (await heldState(workspaceId))?.refresh();
}
eventFeed.subscribe(onFeedChange);

/**
 * Erasure: drops a user's history and serving profile from this process's memory, once their
 * events are deleted (committed). A read already running may still bring their events back, so
 * the state is refreshed first (waits for it) and the user forgotten after. Whether any was held.
 */
export async function forgetUser(workspaceId: string, userId: string): Promise<boolean> {
  const s = await heldState(workspaceId);
  if (!s) return false;
  await s.refresh();
  const key = userId; // a user's actor key is their id (actorKey)
  const held = s.histories.has(key) || s.profiles.has(key);
  s.forgetActor(key);
  return held;
}

/** Another memory budget (tests): every held workspace is dropped. */
export function setServingMemoryBudget(bytes: number) {
  cache?.clear();
  cache = undefined;
  budgetBytes = bytes;
}

/** Drops every workspace (server shutdown, tests): their polling stops. */
export async function clearLiveStates() {
  cache?.clear();
}
