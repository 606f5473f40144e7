import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { upsertItems } from '@/services/catalog/upsert-items';
import { deleteItem } from '@/services/catalog/delete-item';
import { embedItems } from '@/services/embeddings/embed-items';
import { backfillItemEmbeddings } from '@/services/embeddings/backfill-item-embeddings';
import { findSimilarItems } from '@/services/embeddings/find-similar-items';
import { loadItemEmbeddings } from '@/services/embeddings/item-embeddings';
import { readableItemModel } from '@/services/embeddings/item-embedding-model';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import { similarCatalogItems } from '@/services/models/similar-catalog-items';
import { embedJobs, tenant } from '@/test/support/catalog';
import { GLOVE, startTwoModels, TINY } from '@/test/support/embedding-models';

// A change of embedding model on items: vectors are kept per model, readers stay on the old set
// until the new one is complete, then the backfill deletes the old set; per workspace.
let models: Awaited<ReturnType<typeof startTwoModels>>;
beforeAll(async () => {
  models = await startTwoModels();
}, 240_000);
afterAll(() => models?.stop());

// Words both models know (the tiny model has 50).
const CATALOG = [
  { id: 'phone-1', title: 'red phone', description: 'a really good phone', categories: ['phone'] },
  { id: 'phone-2', title: 'blue phone', description: 'a great new phone', categories: ['phone'] },
  { id: 'dog-1', title: 'big dog', description: 'the dog runs fast', categories: ['dog'] },
  { id: 'dog-2', title: 'small dog', description: 'the dog is slow', categories: ['dog'] },
  { id: 'cat-1', title: 'old cat', description: 'the cat sat on the mat', categories: ['cat'] },
].map((i) => ({ ...i, tags: [], available: true }));
const IDS = CATALOG.map((i) => i.id);

const rowsOf = async (workspaceId: string) =>
  (await db().itemEmbedding.findMany({ where: { workspaceId }, orderBy: [{ itemId: 'asc' }, { model: 'asc' }] })).map((r) => ({
    itemId: r.itemId,
    model: r.model,
    dims: r.dims,
    vector: Buffer.from(r.vector).toString('hex'),
  }));

describe('changing the embedding model (items)', () => {
  it('re-embeds beside the old vectors, reads the old set until the new one is complete, then deletes it; never across workspaces', async () => {
    const gloveTag = embeddingModelTag(models.glove.spec);
    const tinyTag = embeddingModelTag(models.tiny.spec);
    models.useDefault(GLOVE);
    const a = await tenant();
    const b = await tenant();
    for (const t of [a, b]) {
      await upsertItems(t.workspaceId, CATALOG);
      expect(await embedItems(t.workspaceId, IDS, models.glove)).toMatchObject({ embedded: 5 });
    }
    const before = await findSimilarItems(a.workspaceId, 'phone-1', 4);
    const bBefore = await rowsOf(b.workspaceId);

    // The deployment switches models. Workspace A is partly re-embedded: its readers stay on GloVe.
    models.useDefault(TINY);
    expect(await readableItemModel(db(), a.workspaceId)).toBe(gloveTag);
    expect(await embedItems(a.workspaceId, ['phone-1', 'phone-2'], models.tiny)).toMatchObject({ embedded: 2 });
    expect((await rowsOf(a.workspaceId)).filter((r) => r.model === gloveTag)).toHaveLength(5); // untouched
    expect(await readableItemModel(db(), a.workspaceId)).toBe(gloveTag);
    expect(await findSimilarItems(a.workspaceId, 'phone-1', 4)).toEqual(before);
    const loaded = await loadItemEmbeddings(db(), a.workspaceId);
    expect([...loaded.keys()].sort()).toEqual([...IDS].sort());
    expect([...loaded.values()].every((v) => v.length === 100)).toBe(true);
    expect(await similarCatalogItems(a.workspaceId, { itemId: 'dog-1', k: 2 })).toMatchObject({ embedded: true, similar: [{ itemId: 'dog-2' }, expect.anything()] });

    // The backfill queues the rest of A (and all of B) and deletes nothing: neither is complete.
    const queued = await backfillItemEmbeddings(20_000, { workspaceIds: [a.workspaceId, b.workspaceId] });
    expect(queued).toEqual({ enqueued: 3 + 5, pruned: 0 });
    expect((await embedJobs(a.workspaceId)).at(-1)!.data.itemIds).toEqual(['cat-1', 'dog-1', 'dog-2']);

    // A complete: readers switch to the tiny model (8 dimensions), then the backfill deletes A's GloVe rows only.
    expect(await embedItems(a.workspaceId, IDS, models.tiny)).toEqual({ embedded: 3, unchanged: 2, skipped: 0 });
    expect(await readableItemModel(db(), a.workspaceId)).toBe(tinyTag);
    expect([...(await loadItemEmbeddings(db(), a.workspaceId)).values()].every((v) => v.length === 8)).toBe(true);
    const [q] = await models.tiny.embed(['red phone']);
    expect(await findSimilarItems(a.workspaceId, q!.embedding, 2)).toHaveLength(2);
    await expect(findSimilarItems(a.workspaceId, new Float32Array(100).fill(0.1), 2)).rejects.toThrow(/dimensions/);
    expect(await backfillItemEmbeddings(20_000, { workspaceIds: [a.workspaceId, b.workspaceId] })).toEqual({ enqueued: 5, pruned: 5 });
    expect((await rowsOf(a.workspaceId)).map((r) => [r.itemId, r.model, r.dims])).toEqual([...IDS].sort().map((id) => [id, tinyTag, 8]));
    expect(await rowsOf(b.workspaceId)).toEqual(bBefore); // B's vectors: not a byte changed
    expect(await readableItemModel(db(), b.workspaceId)).toBe(gloveTag);

    // B: an item deleted meanwhile needs no new vector; its old one goes with the rest.
    await deleteItem(b.workspaceId, 'dog-2');
    expect(await embedItems(b.workspaceId, IDS, models.tiny)).toEqual({ embedded: 4, unchanged: 0, skipped: 1 });
    expect(await backfillItemEmbeddings(20_000, { workspaceIds: [b.workspaceId] })).toEqual({ enqueued: 0, pruned: 5 });
    expect((await rowsOf(b.workspaceId)).map((r) => r.model)).toEqual(new Array(4).fill(tinyTag));
    expect((await findSimilarItems(b.workspaceId, 'dog-1', 5)).map((s) => s.itemId)).not.toContain('dog-2');
  }, 60_000);
});
