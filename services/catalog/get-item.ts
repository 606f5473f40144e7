import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { toItemOutput } from './schemas';

/** One live item of the workspace; 404 when it does not exist, was deleted, or is another workspace's. */
export async function getItem(workspaceId: string, id: string) {
  const row = await db().item.findFirst({ where: { workspaceId, id, deletedAt: null } });
  if (!row) throw notFound('Item');
  return toItemOutput(row);
}
