import { db } from '@/services/db/client';

// A widget loads on every page view of the tenant's site: write at most once per workspace per
// interval and process, so the sighting costs nothing on the hot path after the first.
const EVERY_MS = 10 * 60_000;
const written = new Map<string, number>();

/**
 * The chat widget fetched its config with a publishable key from `origin`, which the api's auth
 * guard has already checked against the key's allowed origins: the widget is live on that site.
 */
export async function recordWidgetSeen(workspaceId: string, origin: string, now = Date.now()): Promise<void> {
  if (now - (written.get(workspaceId) ?? 0) < EVERY_MS) return;
  written.set(workspaceId, now);
  if (written.size > 100_000) written.clear();
  const at = new Date(now);
  await db().widgetSighting.upsert({
    where: { workspaceId },
    create: { workspaceId, origin: origin.slice(0, 500), firstSeenAt: at, lastSeenAt: at },
    update: { origin: origin.slice(0, 500), lastSeenAt: at },
  });
}
