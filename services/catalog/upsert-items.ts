import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { embedItemsJob } from '@/services/embeddings/jobs';
import { checkBatch } from './check-batch';
import { MAX_ITEMS_PER_BATCH, type ItemInput } from './schemas';

// One statement for the whole batch. `before` reads the rows as they were (all CTEs share the
// statement's snapshot), so the result says whose text changed; `xmax = 0` marks rows this
// statement inserted (exact under concurrency, where the snapshot may miss a row another upsert
// just committed: that row then only costs a spare re-embedding).
// A PUT replaces the item: omitted fields are reset; a soft-deleted item comes back.
// Arrays of arrays cannot be unnested, so categories and tags travel as JSON text per row.
const UPSERT_ITEMS = `
WITH input AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[],
                       $9::bool[], $10::text[], $11::text[], $12::float8[], $13::text[])
    AS t(id, title, description, categories, tags, price, currency, available, url, image_url, published_ms, properties)
),
before AS (
  SELECT i."id", i."title", i."description", i."deletedAt"
  FROM "Item" i JOIN input ON input.id = i."id"
  WHERE i."workspaceId" = $1::text
),
upserted AS (
  INSERT INTO "Item" ("workspaceId", "id", "title", "description", "categories", "tags", "price", "currency", "available",
                      "url", "imageUrl", "publishedAt", "properties", "createdAt", "updatedAt", "deletedAt")
  SELECT $1::text, id, title, description,
         ARRAY(SELECT jsonb_array_elements_text(categories::jsonb)), ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)),
         price, currency, available, url, image_url,
         timestamp '1970-01-01' + published_ms * interval '1 millisecond', coalesce(properties::jsonb, '{}'::jsonb),
         timestamp '1970-01-01' + $14::float8 * interval '1 millisecond',
         timestamp '1970-01-01' + $14::float8 * interval '1 millisecond', NULL
  FROM input
  ON CONFLICT ("workspaceId", "id") DO UPDATE SET
    "title" = EXCLUDED."title", "description" = EXCLUDED."description", "categories" = EXCLUDED."categories",
    "tags" = EXCLUDED."tags", "price" = EXCLUDED."price", "currency" = EXCLUDED."currency", "available" = EXCLUDED."available",
    "url" = EXCLUDED."url", "imageUrl" = EXCLUDED."imageUrl", "publishedAt" = EXCLUDED."publishedAt",
    "properties" = EXCLUDED."properties", "updatedAt" = EXCLUDED."updatedAt", "deletedAt" = NULL
  RETURNING "id", "title", "description", (xmax = 0) AS inserted
)
SELECT u."id",
       (u.inserted OR b."deletedAt" IS NOT NULL) AS created,
       (b."id" IS NULL OR b."deletedAt" IS NOT NULL OR b."title" IS DISTINCT FROM u."title"
         OR b."description" IS DISTINCT FROM u."description") AS text_changed
FROM upserted u LEFT JOIN before b ON b."id" = u."id"`;

const byId = (a: ItemInput, b: ItemInput) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Creates or replaces up to 1,000 items in one transaction. Items that are new, restored, or whose
 * title or description changed get an `embed-items` job, enqueued in the same transaction.
 */
export async function upsertItems(workspaceId: string, items: readonly ItemInput[]) {
  checkBatch('items', items.map((i) => i.id), MAX_ITEMS_PER_BATCH);
  if (items.length === 0) return { created: 0, updated: 0 };
  // Id order: concurrent upserts of overlapping batches lock rows in the same order.
  const rows = [...items].sort(byId);
  const col = <T>(f: (i: ItemInput) => T) => rows.map(f);
  return db().$transaction(async (tx) => {
    const result = await tx.$queryRawUnsafe<{ id: string; created: boolean; text_changed: boolean }[]>(
      UPSERT_ITEMS,
      workspaceId,
      col((i) => i.id),
      col((i) => i.title ?? null),
      col((i) => i.description ?? null),
      col((i) => JSON.stringify(i.categories)),
      col((i) => JSON.stringify(i.tags)),
      col((i) => i.price ?? null),
      col((i) => i.currency ?? null),
      col((i) => i.available),
      col((i) => i.url ?? null),
      col((i) => i.imageUrl ?? null),
      col((i) => i.publishedAt ?? null),
      col((i) => i.properties ?? null),
      Date.now(),
    );
    const itemIds = result.filter((r) => r.text_changed).map((r) => r.id);
    if (itemIds.length > 0) await enqueue(tx, embedItemsJob, { workspaceId, itemIds });
    const created = result.filter((r) => r.created).length;
    return { created, updated: result.length - created };
  });
}
