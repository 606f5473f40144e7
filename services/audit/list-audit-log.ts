import { db } from '@/services/db/client';

export async function listAuditLog(workspaceId: string, opts: { limit?: number; before?: bigint } = {}) {
  return db().auditLog.findMany({
    where: { workspaceId, ...(opts.before ? { id: { lt: opts.before } } : {}) },
    orderBy: { id: 'desc' },
    take: Math.min(opts.limit ?? 100, 500),
  });
}
