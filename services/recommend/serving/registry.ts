// The workspaces loaded for serving in this process: an LRU cache (lru-cache) bounded in count
// and dropping workspaces idle for IDLE_MS. It listens to the event feed: a change of a loaded
// workspace refreshes its state; a change of one not loaded is nothing to do (its first request
// loads everything).
import { LRUCache } from 'lru-cache';
import { eventFeed } from './event-feed';
import { WorkspaceState } from './workspace-state';

/** Workspaces unused this long are dropped from memory. */
const IDLE_MS = 10 * 60_000;
/** Most workspaces held at once (the least recently used goes first beyond it). */
const MAX_WORKSPACES = 500;

interface Entry {
  state: WorkspaceState;
  /** The first load; resolves to the state. */
  loaded: Promise<WorkspaceState>;
  /** Whether the first load finished (the hot path then takes the state without a promise). */
  ready: boolean;
}

const live = new LRUCache<string, Entry>({
  max: MAX_WORKSPACES,
  ttl: IDLE_MS,
  updateAgeOnGet: true,
  dispose: (_entry, workspaceId) => eventFeed.unwatch(workspaceId),
});

function open(workspaceId: string): Entry {
  const state = new WorkspaceState(workspaceId);
  const loaded = state.load().then(() => {
    if (live.peek(workspaceId) === entry) {
      entry.ready = true;
      eventFeed.watch(workspaceId);
    }
    return state;
  });
  const entry: Entry = { state, loaded, ready: false };
  loaded.catch(() => {
    if (live.peek(workspaceId) === entry) live.delete(workspaceId);
  });
  live.set(workspaceId, entry);
  return entry;
}

/** The workspace's serving state, loading it on first use. */
export function liveState(workspaceId: string): Promise<WorkspaceState> {
  return (live.get(workspaceId) ?? open(workspaceId)).loaded;
}

/** The workspace's serving state if it is loaded (no promise on the hot path), else liveState(). */
export function liveStateNow(workspaceId: string): WorkspaceState | Promise<WorkspaceState> {
  const entry = live.get(workspaceId) ?? open(workspaceId);
  return entry.ready ? entry.state : entry.loaded;
}

/** A loaded (or loading) workspace's state, without counting as a use; null when not held. */
async function heldState(workspaceId: string): Promise<WorkspaceState | null> {
  const entry = live.get(workspaceId, { updateAgeOnGet: false }); // an idle one is dropped here
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

/** Drops every workspace (server shutdown, tests): their polling stops. */
export async function clearLiveStates() {
  live.clear();
}
