import { db } from '@/services/db/client';

export async function listApiKeys(workspaceId: string, opts: { includeRevoked?: boolean } = {}) {
  return db().apiKey.findMany({
    where: { workspaceId, ...(opts.includeRevoked ? {} : { revokedAt: null }) },
    orderBy: { createdAt: 'desc' },
    omit: { keyHash: true },
  });
}
