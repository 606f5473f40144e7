import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';

/** A training job of the workspace by its id (404 for another workspace's or an unknown id). */
export async function getJob(workspaceId: string, jobId: string) {
  const v = await db().recModelVersion.findUnique({
    where: { workspaceId_jobId: { workspaceId, jobId } },
    select: { jobId: true, version: true, status: true, promoted: true, decision: true, createdAt: true, startedAt: true, finishedAt: true, durationMs: true, metrics: true, error: true },
  });
  if (!v) throw notFound('Job');
  return {
    id: v.jobId,
    type: 'train' as const,
    status: v.status as 'queued' | 'running' | 'completed' | 'failed',
    version: v.version,
    promoted: v.promoted,
    decision: v.decision,
    createdAt: v.createdAt.toISOString(),
    startedAt: v.startedAt?.toISOString() ?? null,
    finishedAt: v.finishedAt?.toISOString() ?? null,
    durationMs: v.durationMs,
    metrics: (v.metrics ?? {}) as Record<string, unknown>,
    error: v.error,
  };
}
