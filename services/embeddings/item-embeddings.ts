// Item embeddings as stored in Postgres (ItemEmbedding.vector: float32 little-endian, L2-normalised).
// The embed-items job writes them; similarity search and the recommender's content model read them.
import type { Db, Tx } from '@/services/db/client';
import { readableItemModel } from './item-embedding-model';

/** float32 values -> the bytes stored in ItemEmbedding.vector (little-endian on every platform). */
export function encodeVector(values: Float32Array | readonly number[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(values.length * 4));
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** The stored bytes -> float32 values. Throws on a length that is not a whole number of floats. */
export function decodeVector(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`vector of ${bytes.byteLength} bytes is not float32`);
  const n = bytes.byteLength / 4;
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Every stored embedding of a workspace's items that are not deleted, made by `model`, by default
 * the model the workspace's vectors are read from (readableItemModel: during a model change, the
 * previous model until the new set is complete). One model only: another model's vectors live in
 * another space and must not be mixed.
 */
export async function loadItemEmbeddings(client: Db | Tx, workspaceId: string, model?: string): Promise<Map<string, Float32Array>> {
  const from = model ?? (await readableItemModel(client, workspaceId));
  if (!from) return new Map();
  const rows = await client.itemEmbedding.findMany({
    where: { workspaceId, model: from },
    select: { itemId: true, vector: true },
  });
  const live = new Set(
    (
      await client.item.findMany({
        where: { workspaceId, deletedAt: null, id: { in: rows.map((r) => r.itemId) } },
        select: { id: true },
      })
    ).map((i) => i.id),
  );
  const out = new Map<string, Float32Array>();
  for (const r of rows) if (live.has(r.itemId)) out.set(r.itemId, decodeVector(r.vector));
  return out;
}
