import { db } from '@/services/db/client';
import { loadItemEmbeddings } from '@/services/embeddings/item-embeddings';
import { EVENT_KINDS, KIND_INDEX, type InteractionLog } from '@/ml/recsys/interactions';

/** Most events a training run reads (the newest ones); beyond it the oldest are left out. */
export const MAX_TRAINING_EVENTS = 5_000_000;

/** Event types the recommender learns from. */
export const ITEM_EVENT_KINDS: readonly string[] = EVENT_KINDS;

/** The key of an event's actor: the userId, or the anonymousId prefixed by \u0001 (ids never hold control characters). */
export const actorKey = (userId: string | null, anonymousId: string | null) => (userId ?? (anonymousId !== null ? `\u0001${anonymousId}` : null));

export interface TrainingData {
  log: InteractionLog;
  itemIds: string[];
  itemCategories: number[][];
  embeddings: (Float32Array | undefined)[];
  users: number;
}

/**
 * A workspace's item events received up to `cutoff`, as a columnar log over dense user and item
 * indexes. Items: every catalog item (deleted ones too: their events still say what goes with
 * what; serving never returns them) plus items seen only in events.
 */
export async function loadTrainingData(workspaceId: string, cutoff: Date): Promise<TrainingData> {
  const rows = await db().$queryRaw<
    { u: string | null; a: string | null; i: string; t: string; v: number | null; ms: number }[]
  >`SELECT "userId" AS u, "anonymousId" AS a, "itemId" AS i, "type" AS t, "value" AS v,
           (extract(epoch FROM "timestamp") * 1000)::float8 AS ms
    FROM "Event"
    WHERE "workspaceId" = ${workspaceId} AND "itemId" IS NOT NULL AND "receivedAt" <= ${cutoff}
      AND "type" = ANY(${ITEM_EVENT_KINDS as string[]})
    ORDER BY "timestamp" DESC
    LIMIT ${MAX_TRAINING_EVENTS}`;
  const items = await db().item.findMany({ where: { workspaceId }, select: { id: true, categories: true }, orderBy: { id: 'asc' } });

  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const categoryIndex = new Map<string, number>();
  const itemCategories: number[][] = [];
  const addItem = (id: string, cats: string[]) => {
    itemIndex.set(id, itemIds.length);
    itemIds.push(id);
    itemCategories.push(
      cats.map((c) => {
        let k = categoryIndex.get(c);
        if (k === undefined) categoryIndex.set(c, (k = categoryIndex.size));
        return k;
      }),
    );
  };
  for (const it of items) addItem(it.id, it.categories);
  const userIndex = new Map<string, number>();
  const n = rows.length;
  const log: InteractionLog = {
    numUsers: 0,
    numItems: 0,
    length: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    kind: new Uint8Array(n),
    value: new Float32Array(n),
    time: new Float64Array(n),
  };
  let o = 0;
  // Oldest first (the query read the newest first to keep the newest when capped).
  for (let r = n - 1; r >= 0; r--) {
    const row = rows[r]!;
    const key = actorKey(row.u, row.a);
    if (key === null) continue;
    let u = userIndex.get(key);
    if (u === undefined) userIndex.set(key, (u = userIndex.size));
    if (!itemIndex.has(row.i)) addItem(row.i, []);
    log.user[o] = u;
    log.item[o] = itemIndex.get(row.i)!;
    log.kind[o] = KIND_INDEX[row.t]!;
    log.value[o] = row.v ?? NaN;
    log.time[o++] = Number(row.ms);
  }
  log.length = o;
  log.numUsers = userIndex.size;
  log.numItems = itemIds.length;
  const vectors = await loadItemEmbeddings(db(), workspaceId);
  const embeddings = itemIds.map((id) => vectors.get(id));
  return { log, itemIds, itemCategories, embeddings, users: userIndex.size };
}
