import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { trainRecommenderJob } from '@/services/recommend/jobs';

export type TrainTrigger = 'api' | 'dashboard' | 'cli' | 'schedule' | 'demo';

/**
 * Queues a training run: a new model version row and its job, in one transaction. A run already
 * queued (not started) for the workspace is returned instead of a second one.
 */
export async function requestTraining(workspaceId: string, trigger: TrainTrigger): Promise<{ jobId: string; version: number; status: string; created: boolean }> {
  return db().$transaction(async (tx) => {
    // One writer at a time per workspace: the settings row is the lock.
    await tx.$executeRaw`INSERT INTO "RecSettings" ("workspaceId") VALUES (${workspaceId}) ON CONFLICT ("workspaceId") DO NOTHING`;
    await tx.$queryRaw`SELECT 1 FROM "RecSettings" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
    const queued = await tx.recModelVersion.findFirst({ where: { workspaceId, status: 'queued' }, orderBy: { version: 'desc' } });
    if (queued) return { jobId: queued.jobId, version: queued.version, status: queued.status, created: false };
    const last = await tx.recModelVersion.findFirst({ where: { workspaceId }, orderBy: { version: 'desc' }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    const jobId = await enqueue(tx, trainRecommenderJob, { workspaceId, version });
    await tx.recModelVersion.create({ data: { workspaceId, version, jobId, status: 'queued', trigger } });
    return { jobId, version, status: 'queued', created: true };
  });
}
