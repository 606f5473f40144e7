// The recommendation state an api process holds is bounded in memory (RECS_SERVING_MEMORY_MB,
// issue 17): past the budget the least recently used workspace is dropped, and its next request
// loads it again and answers exactly as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { tenant, type Api } from '@/test/support/catalog';
import { heldWorkspaces, liveState, setServingMemoryBudget } from '@/services/recommend/serving/registry';
import { recs, trainedShop } from './support';

let api: Api;
let a: Awaited<ReturnType<typeof tenant>>;
let b: Awaited<ReturnType<typeof tenant>>;
beforeAll(async () => {
  api = await startApiServer();
  [a, b] = [await tenant(), await tenant()];
  await trainedShop(api, a.key, a.workspaceId);
  await trainedShop(api, b.key, b.workspaceId);
}, 180_000);
afterAll(() => api.close());

const held = () => heldWorkspaces().map((w) => w.workspaceId).filter((id) => id === a.workspaceId || id === b.workspaceId);

describe('serving memory budget', () => {
  it('measures what a loaded workspace holds: at least its model arrays', async () => {
    const state = await liveState(a.workspaceId);
    expect((await recs(api, a.key, 'userId=user-1')).status).toBe(200); // a request measures it
    const bytes = heldWorkspaces().find((w) => w.workspaceId === a.workspaceId)!.bytes;
    const m = state.defaultModel()!;
    const modelArrays = m.artifact.model.s.val.byteLength + m.artifact.model.similar.val.byteLength + m.artifact.model.pop.byteLength;
    expect(bytes).toBeGreaterThan(modelArrays);
    expect(bytes).toBeLessThan(200 * 1024 * 1024);
  });

  it('drops the least recently used workspace past the budget and reloads it on demand, same answers', async () => {
    setServingMemoryBudget(512 * 1024 * 1024);
    const firstA = (await recs(api, a.key, 'userId=user-1&limit=10')).body;
    const firstB = (await recs(api, b.key, 'userId=user-2&limit=10')).body;
    expect(held().sort()).toEqual([a.workspaceId, b.workspaceId].sort());
    const sizes = heldWorkspaces().filter((w) => w.workspaceId === a.workspaceId || w.workspaceId === b.workspaceId).map((w) => w.bytes);

    // Room for one of the two shops (they are the same size), not both.
    setServingMemoryBudget(Math.round(Math.max(...sizes) * 1.5));
    const againA = (await recs(api, a.key, 'userId=user-1&limit=10')).body;
    expect(held()).toEqual([a.workspaceId]);
    const againB = (await recs(api, b.key, 'userId=user-2&limit=10')).body;
    expect(held()).toEqual([b.workspaceId]); // a went first
    const backA = (await recs(api, a.key, 'userId=user-1&limit=10')).body;
    expect(held()).toEqual([a.workspaceId]);

    for (const [x, y] of [[firstA, againA], [firstA, backA], [firstB, againB]] as const) {
      expect(y.items).toEqual(x.items);
      expect(y.modelVersion).toBe(x.modelVersion);
    }
    setServingMemoryBudget(1024 * 1024 * 1024);
  });
});
