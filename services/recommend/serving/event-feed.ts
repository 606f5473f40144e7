// The event feed: the one place serving learns that a workspace's events, catalog or
// recommendation settings changed. Writers say so explicitly (the events, items and models routes
// call it after their write commits); workspaces loaded for serving are also polled every
// RECS_REFRESH_MS, which is how writes of OTHER processes reach this one. Listeners (the serving
// registry) then read what changed through the database tail and resolve when it is in memory, so
// a write's response goes out only once the next recommendation reflects it.
//
// Scale-out: a LISTEN/NOTIFY transport belongs here, and only here: publish() would also NOTIFY
// (channel per change, payload the workspace id) and a LISTEN connection would call deliver() for
// other processes' notifications; the poll then only covers missed notifications.
import { env } from '@/services/config/env';

export type FeedChange = 'events' | 'catalog' | 'settings' | 'poll';
export type FeedListener = (workspaceId: string, change: FeedChange) => Promise<void>;

export class EventFeed {
  private readonly listeners = new Set<FeedListener>();
  private readonly watched = new Set<string>();
  private poller: NodeJS.Timeout | null = null;

  /** Events of the workspace were stored (committed): resolves once listeners have read them. */
  eventsStored(workspaceId: string): Promise<void> {
    return this.deliver(workspaceId, 'events');
  }

  /** Catalog items were added, changed or deleted (committed). */
  catalogChanged(workspaceId: string): Promise<void> {
    return this.deliver(workspaceId, 'catalog');
  }

  /** Recommendation settings changed (a promoted version, the A/B split). */
  settingsChanged(workspaceId: string): Promise<void> {
    return this.deliver(workspaceId, 'settings');
  }

  /** Adds a listener; the returned function removes it. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Polls the workspace every RECS_REFRESH_MS (it is loaded for serving) until unwatch(). */
  watch(workspaceId: string) {
    this.watched.add(workspaceId);
    if (!this.poller) {
      this.poller = setInterval(() => {
        for (const ws of this.watched) void this.deliver(ws, 'poll');
      }, env().RECS_REFRESH_MS);
      this.poller.unref();
    }
  }

  unwatch(workspaceId: string) {
    this.watched.delete(workspaceId);
    if (this.watched.size === 0 && this.poller) {
      clearInterval(this.poller);
      this.poller = null;
    }
  }

  /** Hands a change to every listener; resolves when all have taken it in. */
  async deliver(workspaceId: string, change: FeedChange): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener(workspaceId, change)));
  }
}

/** This process's feed. */
export const eventFeed = new EventFeed();
