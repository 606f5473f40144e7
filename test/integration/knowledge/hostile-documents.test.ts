// Issue 13, High 1: one workspace's pathological document must not stall the shared worker. These
// run the real api and the real worker process against a database of their own, so the worker
// takes no other test file's jobs and no other file's worker takes these.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/test/support/database';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;
const m = {
  ...(await import('@/test/support/worker-process')),
  ...(await import('@/test/support/api-server')),
  ...(await import('@/test/support/builders')),
  json: (await import('@/test/support/catalog')).json,
  db: (await import('@/services/db/client')).db,
  disconnectDb: (await import('@/services/db/client')).disconnectDb,
  env: (await import('@/services/config/env')).env,
  ensureGloveModel: (await import('@/ml/embedding/build-glove-model')).ensureGloveModel,
};

type Tenant = { workspaceId: string; key: string };
let api: Awaited<ReturnType<typeof m.startApiServer>>;
let worker: Awaited<ReturnType<typeof m.startWorkerProcess>>;

const tenant = async (): Promise<Tenant> => {
  const owner = await m.buildOwner();
  return { workspaceId: owner.workspace.id, key: (await m.buildKey(owner)).key };
};
const upload = async (t: Tenant, filename: string, type: string, body: string) => {
  const res = await api.request(`/v1/knowledge/files?filename=${filename}`, { method: 'POST', key: t.key, body, headers: { 'Content-Type': type } });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
};
const addText = async (t: Tenant, title: string, content: string) => {
  const res = await api.request('/v1/knowledge/documents', { ...m.json('POST', { kind: 'text', title, content }), key: t.key });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
};
const doc = (t: Tenant, id: string) => m.db().kbDocument.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: t.workspaceId, id } } });
const waitFor = async (t: Tenant, id: string, status: string, ms: number) => {
  const until = Date.now() + ms;
  for (;;) {
    const d = await doc(t, id);
    if (d.status === status) return d;
    if (Date.now() > until) throw new Error(`document ${id} is ${d.status} (${d.error ?? ''}), not ${status}, after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
/** The document's indexing job once its handler has returned (the document is marked failed just before). */
const settledJobOf = async (documentId: string) => {
  const until = Date.now() + 5_000;
  for (;;) {
    const [job] = await m.db().$queryRaw<{ state: string; retry_count: number }[]>`SELECT state::text, retry_count FROM pgboss.job WHERE name = 'index-document' AND data->>'documentId' = ${documentId}`;
    if (job?.state !== 'active' || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  m.ensureGloveModel(path.join(m.env().MODELS_DIR, 'build', 'cairn-glove-100d'));
  api = await m.startApiServer();
  worker = await m.startWorkerProcess({ databaseUrl: testDb.url });
  // The worker loads the embedding model with its first document: not part of what is measured.
  const warm = await tenant();
  await waitFor(warm, await addText(warm, 'Warm-up', 'The worker is ready.'), 'ready', 180_000);
}, 240_000);
afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await m.disconnectDb();
  await testDb.drop();
});

describe('a hostile document does not stall the worker', () => {
  it("100,000 '<div>': refused within seconds with its reason, not retried; another workspace's document is indexed meanwhile", async () => {
    const attacker = await tenant();
    const other = await tenant();
    const started = Date.now();
    const bad = await upload(attacker, 'd.html', 'text/html', '<div>'.repeat(100_000));
    const good = await addText(other, 'Hours', 'We open at nine and close at five.');
    const failed = await waitFor(attacker, bad, 'failed', 10_000);
    expect(failed.error).toMatch(/nests elements more than 128 deep/);
    await waitFor(other, good, 'ready', 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Failed for cause: the job completed, it is not retried.
    expect(await settledJobOf(bad)).toEqual({ state: 'completed', retry_count: 0 });
  });

  it('8,000 nested elements (HTML, or Markdown quotes past the stack) are refused and the worker lives on', async () => {
    const attacker = await tenant();
    const other = await tenant();
    const html = await upload(attacker, 'deep.html', 'text/html', '<div>'.repeat(8_000) + 'deep');
    const md = await upload(attacker, 'deep.md', 'text/markdown', '>'.repeat(8_000) + ' deep');
    expect((await waitFor(attacker, html, 'failed', 10_000)).error).toMatch(/more than 128 deep/);
    expect((await waitFor(attacker, md, 'failed', 15_000)).error).toMatch(/nests too deeply|took longer than/);
    expect(await settledJobOf(md)).toEqual({ state: 'completed', retry_count: 0 });
    await waitFor(other, await addText(other, 'Hours', 'We open at nine.'), 'ready', 10_000);
    expect(worker.output()).not.toMatch(/Maximum call stack|FATAL|out of memory/i);
  });

  it("one workspace's backlog does not hold up another's: workspaces are served in turn", async () => {
    const busy = await tenant();
    const other = await tenant();
    const backlog: string[] = [];
    for (let i = 0; i < 8; i++) backlog.push(await addText(busy, `Note ${i}`, `Note number ${i} about tents and stoves.`));
    const mine = await addText(other, 'Hours', 'We open at nine.');
    const ready = await waitFor(other, mine, 'ready', 30_000);
    // Queued last, it is served next: before most of the other workspace's earlier backlog.
    const before = await m.db().kbDocument.count({ where: { workspaceId: busy.workspaceId, status: 'ready', indexedAt: { lt: ready.indexedAt! } } });
    expect(before).toBeLessThanOrEqual(4);
    for (const id of backlog) await waitFor(busy, id, 'ready', 60_000);
  }, 90_000);
});
