// Issue 13, finding 3: after kill -9 of the worker, its jobs stayed active until their 30-minute
// expiry (a training version "running", a document "indexing"), and the retried training then
// promoted v1 over the newer v2. Real worker processes against a database of their own, so no
// other test file's worker takes these jobs.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/test/support/database';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;
const m = {
  ...(await import('@/test/support/worker-process')),
  ...(await import('@/test/support/builders')),
  db: (await import('@/services/db/client')).db,
  disconnectDb: (await import('@/services/db/client')).disconnectDb,
  seedDemoShop: (await import('@/services/demo/generate-demo-shop')).seedDemoShop,
  requestTraining: (await import('@/services/recommend/request-training')).requestTraining,
  trainModel: (await import('@/services/recommend/train-model')).trainModel,
  silent: (await import('../recommendations/support')).silent,
};

const sizes = { items: 80, users: 200, events: 5000, days: 30 };
const workers: Awaited<ReturnType<typeof m.startWorkerProcess>>[] = [];
const startWorker = async (env: Record<string, string>) => {
  const w = await m.startWorkerProcess({ databaseUrl: testDb.url, env });
  workers.push(w);
  return w;
};

async function shop() {
  const owner = await m.buildOwner();
  const ws = owner.workspace.id;
  await m.seedDemoShop(ws, { sizes });
  // Item embeddings are not what is measured: keep the workers on the training job.
  await m.db().$executeRaw`DELETE FROM pgboss.job WHERE name IN ('embed-items', 'backfill-item-embeddings')`;
  return ws;
}
const version = (workspaceId: string, v: number) => m.db().recModelVersion.findUniqueOrThrow({ where: { workspaceId_version: { workspaceId, version: v } } });
const jobOf = async (id: string) => (await m.db().$queryRaw<{ state: string; retry_count: number }[]>`SELECT state::text, retry_count FROM pgboss.job WHERE id = ${id}::uuid`)[0];
const activeVersion = async (workspaceId: string) => (await m.db().recSettings.findUnique({ where: { workspaceId } }))?.activeVersion;
async function waitFor(what: string, ms: number, cond: () => Promise<boolean>) {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stopWorkers = async () => {
  for (const w of workers.splice(0)) await w.stop();
};
afterAll(async () => {
  await stopWorkers();
  await m.disconnectDb();
  await testDb.drop();
});

describe('a worker killed mid-job', () => {
  it('leaves its job to another worker within a minute, which completes it', async () => {
    const ws = await shop();
    const { version: v1, jobId } = await m.requestTraining(ws, 'api');
    // A long search budget: the job is surely mid-run when the worker is killed.
    const a = await startWorker({ JOB_WATCHDOG_SECONDS: '1', RECS_TRAIN_BUDGET_MS: '120000' });
    await waitFor('v1 to be running', 60_000, async () => (await version(ws, v1)).status === 'running');
    await a.kill();
    const killedAt = Date.now();
    expect((await jobOf(jobId))?.state).toBe('active');
    // The worker that takes over (another one, or this one restarted by its supervisor).
    await startWorker({ JOB_WATCHDOG_SECONDS: '1', RECS_TRAIN_BUDGET_MS: '2000' });
    await waitFor('the job to be completed by the other worker', 60_000, async () => (await jobOf(jobId))?.state === 'completed');
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(await jobOf(jobId)).toMatchObject({ state: 'completed', retry_count: 1 });
    expect(await version(ws, v1)).toMatchObject({ status: 'completed', promoted: true });
    await stopWorkers(); // the next test runs its jobs itself
  }, 180_000);
});

describe('a retried training run', () => {
  it('does not replace a newer version that serves meanwhile', async () => {
    const ws = await shop();
    const { version: v1 } = await m.requestTraining(ws, 'api');
    // Where a crash leaves it: started, never finished.
    await m.db().recModelVersion.update({ where: { workspaceId_version: { workspaceId: ws, version: v1 } }, data: { status: 'running', startedAt: new Date() } });
    const { version: v2 } = await m.requestTraining(ws, 'api');
    expect(v2).toBe(v1 + 1);
    await m.trainModel(ws, v2, m.silent);
    expect(await activeVersion(ws)).toBe(v2);
    await m.trainModel(ws, v1, m.silent); // the retry
    expect(await version(ws, v1)).toMatchObject({ status: 'completed', promoted: false, decision: expect.stringMatching(/^not promoted: v2 is newer and already serving/) });
    expect(await activeVersion(ws)).toBe(v2);
  }, 120_000);
});
