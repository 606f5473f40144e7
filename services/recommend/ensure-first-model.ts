import { db } from '@/services/db/client';
import type { Logger } from '@/services/logger';
import { requestTraining } from './request-training';
import { trainModel } from './train-model';

/**
 * Trains a workspace's first model right now when it has item events and no model yet (used by
 * `npm start` for the demo shop, so recommendations are personalised from the first request).
 * Returns the version trained, or null when nothing was needed.
 */
export async function ensureFirstModel(workspaceId: string, log: Logger): Promise<number | null> {
  const existing = await db().recModelVersion.count({ where: { workspaceId, status: { in: ['completed', 'running'] } } });
  if (existing > 0) return null;
  const hasEvents = await db().event.findFirst({ where: { workspaceId, itemId: { not: null } }, select: { id: true } });
  if (!hasEvents) return null;
  const { version } = await requestTraining(workspaceId, 'demo');
  await trainModel(workspaceId, version, log);
  return version;
}
