import { db } from '@/services/db/client';

/** The workspace's model versions, newest first, without their artifacts. */
export async function listModelVersions(workspaceId: string, opts: { limit?: number } = {}) {
  const rows = await db().recModelVersion.findMany({
    where: { workspaceId },
    orderBy: { version: 'desc' },
    take: opts.limit ?? 50,
    omit: { artifact: true },
  });
  return rows;
}
