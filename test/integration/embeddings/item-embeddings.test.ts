import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { upsertItems } from '@/services/catalog/upsert-items';
import { deleteItem } from '@/services/catalog/delete-item';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { embedItems } from '@/services/embeddings/embed-items';
import { backfillItemEmbeddings } from '@/services/embeddings/backfill-item-embeddings';
import { clearSimilarityIndexes, findSimilarItems } from '@/services/embeddings/find-similar-items';
import { loadItemEmbeddings } from '@/services/embeddings/item-embeddings';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import { startWorker } from '@/services/worker/start-worker';
import type { EmbeddingModel } from '@/ml/embedding/model';
import { embedJobs, tenant } from '@/test/support/catalog';

// Item embeddings on the REAL embedding model: the embed-items job (through the real worker),
// what it skips, re-embedding after a model change, and similarity search per workspace.
let model: EmbeddingModel;
beforeAll(async () => {
  model = await startEmbeddingModel();
}, 240_000);
afterAll(() => stopEmbeddingModel());

const CATALOG = [
  { id: 'shoe-1', title: 'Trail running shoe', description: 'Light shoe with grip for muddy trails', categories: ['shoes'] },
  { id: 'shoe-2', title: 'Running shoes for trails', description: 'Cushioned trail runners', categories: ['shoes'] },
  { id: 'tent-1', title: 'Waterproof camping tent', description: 'Two person tent for hiking trips', categories: ['tents'] },
  { id: 'tent-2', title: 'Family tent', description: 'Large camping tent for four people', categories: ['tents'] },
  { id: 'stove-1', title: 'Camping stove', description: 'Compact gas cooker', categories: ['cooking'] },
  { id: 'cake-1', title: 'Chocolate cake recipe book', description: 'Desserts and baking', categories: ['books'] },
].map((i) => ({ ...i, tags: [], available: true }));

const rows = (workspaceId: string) => db().itemEmbedding.findMany({ where: { workspaceId }, orderBy: { itemId: 'asc' } });

describe('embed-items job', () => {
  it('the worker embeds items stored through upsertItems (the job enqueued in the same transaction)', async () => {
    const t = await tenant();
    await upsertItems(t.workspaceId, CATALOG);
    expect(await embedJobs(t.workspaceId)).toHaveLength(1);
    const stop = await startWorker(pino({ level: 'silent' }));
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await rows(t.workspaceId)).length < CATALOG.length) await new Promise((r) => setTimeout(r, 250));
    } finally {
      await stop();
    }
    const stored = await rows(t.workspaceId);
    expect(stored.map((r) => r.itemId)).toEqual(CATALOG.map((i) => i.id).sort());
    expect(stored.every((r) => r.model === 'local:cairn-glove-100d@1.0.0' && r.dims === 100 && r.vector.byteLength === 400)).toBe(true);
    const vectors = await loadItemEmbeddings(db(), t.workspaceId, 'local:cairn-glove-100d@1.0.0');
    expect(Math.hypot(...vectors.get('shoe-1')!)).toBeCloseTo(1, 4);
  }, 90_000);

  it('skips unchanged text, deleted and text-less items; re-embeds changed text and a model change', async () => {
    const t = await tenant();
    await upsertItems(t.workspaceId, [...CATALOG, { id: 'blank', tags: [], categories: [], available: true }]);
    const ids = [...CATALOG.map((i) => i.id), 'blank', 'no-such-item'];
    expect(await embedItems(t.workspaceId, ids, model)).toEqual({ embedded: 6, unchanged: 0, skipped: 2 });
    expect(await embedItems(t.workspaceId, ids, model)).toEqual({ embedded: 0, unchanged: 6, skipped: 2 });

    const before = (await rows(t.workspaceId)).find((r) => r.itemId === 'shoe-1')!;
    await upsertItems(t.workspaceId, [{ ...CATALOG[0]!, title: 'Winter boot' }]);
    await deleteItem(t.workspaceId, 'tent-1');
    expect(await embedItems(t.workspaceId, ids, model)).toEqual({ embedded: 1, unchanged: 4, skipped: 3 });
    const after = (await rows(t.workspaceId)).find((r) => r.itemId === 'shoe-1')!;
    expect(after.textHash).not.toBe(before.textHash);
    expect(Buffer.from(after.vector).equals(Buffer.from(before.vector))).toBe(false);

    // Vectors of an older model are re-made (beside the old row), and the backfill finds them.
    await db().itemEmbedding.updateMany({ where: { workspaceId: t.workspaceId, itemId: 'stove-1' }, data: { model: 'local:cairn-glove-100d@0.9.0' } });
    const { enqueued } = await backfillItemEmbeddings(20_000, { workspaceIds: [t.workspaceId] });
    expect(enqueued).toBe(1);
    const jobs = await embedJobs(t.workspaceId);
    expect(jobs.at(-1)!.data.itemIds).toEqual(['stove-1']); // not tent-1 (deleted) nor blank (no text)
    expect(await embedItems(t.workspaceId, ['stove-1'], model)).toEqual({ embedded: 1, unchanged: 0, skipped: 0 });
    expect((await rows(t.workspaceId)).filter((r) => r.itemId === 'stove-1').map((r) => r.model).sort()).toEqual(['local:cairn-glove-100d@0.9.0', embeddingModelTag(model.spec)]);
    // Complete again: the next backfill deletes the old row.
    expect(await backfillItemEmbeddings(20_000, { workspaceIds: [t.workspaceId] })).toEqual({ enqueued: 0, pruned: 1 });
    expect((await rows(t.workspaceId)).filter((r) => r.itemId === 'stove-1').map((r) => r.model)).toEqual([embeddingModelTag(model.spec)]);
  });
});

describe('findSimilarItems', () => {
  it('ranks items of the same kind first, never the item itself, by cosine', async () => {
    const t = await tenant();
    await upsertItems(t.workspaceId, CATALOG);
    await embedItems(t.workspaceId, CATALOG.map((i) => i.id), model);
    const shoes = await findSimilarItems(t.workspaceId, 'shoe-1', 3);
    expect(shoes[0]!.itemId).toBe('shoe-2');
    expect(shoes.map((s) => s.itemId)).not.toContain('shoe-1');
    expect(shoes[0]!.score).toBeGreaterThan(shoes[2]!.score);
    const tents = await findSimilarItems(t.workspaceId, 'tent-1', 2);
    expect(tents[0]!.itemId).toBe('tent-2');
    // By vector: a text embedded with the same model.
    const [q] = await model.embed(['a tent for camping']);
    const byVector = await findSimilarItems(t.workspaceId, q!.embedding, 2);
    expect(byVector.map((s) => s.itemId).sort()).toEqual(['tent-1', 'tent-2']);
    expect(byVector[0]!.score).toBeLessThanOrEqual(1.000001);
    // k larger than the catalog: everything else, once.
    expect(await findSimilarItems(t.workspaceId, 'shoe-1', 50)).toHaveLength(5);
    await expect(findSimilarItems(t.workspaceId, new Float32Array(7), 2)).rejects.toThrow(/dimensions/);
    expect(await findSimilarItems(t.workspaceId, 'no-such-item', 3)).toEqual([]);
  });

  it('honours excludeIds and stays current as items change, without a restart', async () => {
    const t = await tenant();
    await upsertItems(t.workspaceId, CATALOG);
    await embedItems(t.workspaceId, CATALOG.map((i) => i.id), model);
    expect((await findSimilarItems(t.workspaceId, 'shoe-1', 1, { excludeIds: ['shoe-2'] }))[0]!.itemId).not.toBe('shoe-2');
    // A new, very close item appears; a deleted one disappears.
    await upsertItems(t.workspaceId, [{ id: 'shoe-3', title: 'Trail running shoe', description: 'Light shoe with grip for muddy trails', categories: ['shoes'], tags: [], available: true }]);
    await embedItems(t.workspaceId, ['shoe-3'], model);
    expect((await findSimilarItems(t.workspaceId, 'shoe-1', 1))[0]!).toEqual({ itemId: 'shoe-3', score: expect.closeTo(1, 4) });
    await deleteItem(t.workspaceId, 'shoe-3');
    expect((await findSimilarItems(t.workspaceId, 'shoe-1', 1))[0]!.itemId).toBe('shoe-2');
    // Rows removed (workspace vectors deleted): the index reloads.
    await db().itemEmbedding.deleteMany({ where: { workspaceId: t.workspaceId, itemId: 'shoe-2' } });
    expect((await findSimilarItems(t.workspaceId, 'shoe-1', 5)).map((s) => s.itemId)).not.toContain('shoe-2');
    clearSimilarityIndexes();
    expect((await findSimilarItems(t.workspaceId, 'shoe-1', 5)).map((s) => s.itemId)).not.toContain('shoe-2');
  });

  it('never crosses workspaces: same item ids, different catalogs', async () => {
    const a = await tenant();
    const b = await tenant();
    await upsertItems(a.workspaceId, CATALOG);
    await upsertItems(b.workspaceId, [
      { id: 'shoe-1', title: 'Chocolate cake', description: 'Dessert', categories: ['cakes'], tags: [], available: true },
      { id: 'b-only', title: 'Trail running shoe', description: 'Light shoe with grip for muddy trails', categories: ['shoes'], tags: [], available: true },
    ]);
    await embedItems(a.workspaceId, CATALOG.map((i) => i.id), model);
    await embedItems(b.workspaceId, ['shoe-1', 'b-only'], model);
    const inA = await findSimilarItems(a.workspaceId, 'shoe-1', 10);
    expect(inA.map((s) => s.itemId)).not.toContain('b-only');
    expect(inA[0]!.itemId).toBe('shoe-2');
    const inB = await findSimilarItems(b.workspaceId, 'shoe-1', 10);
    expect(inB.map((s) => s.itemId)).toEqual(['b-only']);
    expect(await findSimilarItems(b.workspaceId, 'tent-1', 3)).toEqual([]);
    const loaded = await loadItemEmbeddings(db(), b.workspaceId);
    expect([...loaded.keys()].sort()).toEqual(['b-only', 'shoe-1']);
  });
});
