import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { enqueue } from '@/services/jobs/enqueue';
import { runBotTestsJob } from '@/services/bot-tests/jobs';
import { STALE_RUN_MS } from './schemas';

/**
 * Queues a run of all the workspace's tests (the run-bot-tests job answers them in the worker,
 * where the embedding models are loaded; the dashboard never waits for it). One run at a time per
 * workspace: the workspace row is locked while checking, so two clicks make one run.
 */
export async function startRun(workspaceId: string) {
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId} FOR UPDATE`;
    if (locked.length === 0) throw notFound('Workspace');
    if ((await tx.botTestCase.count({ where: { workspaceId } })) === 0) throw new AppError('bad_request', 'Add a test before running');
    const active = await tx.botTestRun.findFirst({
      where: { workspaceId, status: { in: ['queued', 'running'] }, createdAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
      select: { id: true },
    });
    if (active) throw new AppError('conflict', 'A run is already in progress');
    const run = await tx.botTestRun.create({ data: { workspaceId, id: `btr_${randomBase62(16)}` } });
    await enqueue(tx, runBotTestsJob, { workspaceId, runId: run.id });
    return run;
  });
}
