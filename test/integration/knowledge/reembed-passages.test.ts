import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { retrievePassages } from '@/services/knowledge/retrieve-passages';
import { reembedPassages } from '@/services/knowledge/reembed-passages';
import { backfillPassageEmbeddings } from '@/services/knowledge/backfill-passage-embeddings';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import { reembedPassagesHandler } from '@/services/worker/jobs/reembed-passages';
import { buildOwner } from '@/test/support/builders';
import { addIndexedDocument } from '@/test/support/knowledge';
import { GLOVE, startTwoModels, TINY } from '@/test/support/embedding-models';

// A change of embedding model on knowledge-base passages: re-embedded in the background into
// pending columns while retrieval keeps the old vectors, swapped in at once, per workspace.
let models: Awaited<ReturnType<typeof startTwoModels>>;
beforeAll(async () => {
  models = await startTwoModels();
}, 240_000);
afterAll(() => models?.stop());

// Words both models know (the tiny model has 50).
const DOC = '# Shop\n\n## Phones\n\nThe red phone is new and the price is good.\n\n## Dogs\n\nWe like big dogs and small dogs.\n\n## Cats\n\nThe cat sat on the mat.';

const chunks = (workspaceId: string) =>
  db().kbChunk.findMany({ where: { workspaceId }, orderBy: [{ documentId: 'asc' }, { idx: 'asc' }], select: { model: true, vector: true, pendingModel: true, pendingVector: true } });
const kbVersion = async (workspaceId: string) => (await db().chatSettings.findUnique({ where: { workspaceId } }))!.kbVersion;

describe('changing the embedding model (passages)', () => {
  it('re-embeds into pending vectors, retrieves from the old ones until all are done, then swaps them in; never across workspaces', async () => {
    const gloveTag = embeddingModelTag(models.glove.spec);
    const tinyTag = embeddingModelTag(models.tiny.spec);
    models.useDefault(GLOVE);
    const a = (await buildOwner()).workspace.id;
    const b = (await buildOwner()).workspace.id;
    for (const ws of [a, b]) expect((await addIndexedDocument(ws, { kind: 'markdown', title: 'Shop', content: DOC })).result).toEqual({ status: 'ready', chunks: 3 });
    const old = await retrievePassages(a, 'the red phone');
    expect(old.index.model).toBe(gloveTag);
    expect(old.questionVector).toHaveLength(100);
    const bBefore = await chunks(b);
    const aVersion = await kbVersion(a);

    // The deployment switches models: both workspaces are queued once.
    models.useDefault(TINY);
    expect(await backfillPassageEmbeddings({ workspaceIds: [a, b] })).toEqual([a, b].sort());
    expect(await backfillPassageEmbeddings({ workspaceIds: [a, b] })).toEqual([]); // jobs already waiting

    // Part of A re-embedded: pending only; retrieval still answers from GloVe.
    expect(await reembedPassages(a, models.tiny, { maxChunks: 2, batch: 1 })).toEqual({ embedded: 2, swapped: 0, done: false });
    const partial = await chunks(a);
    expect(partial.map((c) => [c.model, c.pendingModel, c.pendingVector?.byteLength ?? null])).toEqual([
      [gloveTag, tinyTag, 32],
      [gloveTag, tinyTag, 32],
      [gloveTag, null, null],
    ]);
    expect(await kbVersion(a)).toBe(aVersion);
    const during = await retrievePassages(a, 'the red phone');
    expect(during.index.model).toBe(gloveTag);
    expect(during.questionVector).toHaveLength(100);
    expect(during.questionModel).toBe(models.glove);
    expect(during.passages[0]!.chunk.heading).toBe('Phones');
    expect(during.passages[0]!.cosine).toBeCloseTo(old.passages[0]!.cosine, 5);

    // Complete: swapped in one transaction, the version moves, retrieval embeds with the tiny model.
    expect(await reembedPassages(a, models.tiny)).toEqual({ embedded: 1, swapped: 3, done: true });
    const after = await chunks(a);
    expect(after.map((c) => [c.model, c.vector.byteLength, c.pendingModel, c.pendingVector])).toEqual(new Array(3).fill([tinyTag, 32, null, null]));
    expect(await kbVersion(a)).toBe(aVersion + 1);
    const now = await retrievePassages(a, 'the red phone');
    expect(now.index.model).toBe(tinyTag);
    expect(now.questionVector).toHaveLength(8);
    expect(now.questionModel).toBe(models.tiny);
    expect(now.passages[0]!.chunk.heading).toBe('Phones');
    // Idempotent: nothing left to do.
    expect(await reembedPassages(a, models.tiny)).toEqual({ embedded: 0, swapped: 0, done: true });
    expect(await kbVersion(a)).toBe(aVersion + 1);

    // B was never touched, and still retrieves with GloVe.
    expect(await chunks(b)).toEqual(bBefore);
    expect((await retrievePassages(b, 'the red phone')).questionVector).toHaveLength(100);

    // B through the job's handler (the configured model, loaded by the worker).
    await reembedPassagesHandler.handler({ workspaceId: b }, { jobId: 'test', log: pino({ level: 'silent' }) });
    expect((await chunks(b)).map((c) => [c.model, c.pendingModel])).toEqual(new Array(3).fill([tinyTag, null]));
    expect((await retrievePassages(b, 'the red phone')).questionVector).toHaveLength(8);
    await db().$executeRaw`DELETE FROM pgboss.job WHERE name = 'reembed-passages' AND data->>'workspaceId' = ANY(${[a, b]})`;
    expect(await backfillPassageEmbeddings({ workspaceIds: [a, b] })).toEqual([]); // nothing stale any more
  }, 60_000);
});
