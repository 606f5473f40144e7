import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import { toItemOutput, type ItemOutput } from './schemas';

type ItemRow = Parameters<typeof toItemOutput>[0] & { deletedAt: Date | null };
export type BrowsedItem = ItemOutput & { deletedAt: string | null };

// Opaque cursor: the last id of the page, base64url-encoded. Anything else starts from the top.
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return id && encodeCursor(id) === cursor ? id : null;
};

/**
 * For the dashboard's catalog browser: the workspace's items in id order, a page at a time,
 * deleted ones included (marked by `deletedAt`, so a tenant can see what the API no longer
 * returns), optionally in one category and/or matching the same full-text search as GET /v1/items.
 */
export async function browseItems(
  workspaceId: string,
  query: { q?: string; category?: string; cursor?: string; limit?: number } = {},
): Promise<{ items: BrowsedItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const where = [Prisma.sql`"workspaceId" = ${workspaceId}`];
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (after) where.push(Prisma.sql`"id" > ${after}`);
  if (query.category) where.push(Prisma.sql`"categories" @> ARRAY[${query.category}]::text[]`);
  if (query.q && query.q.trim() !== '') {
    // The same expression as the GIN index "Item_search_idx" (see the ingestion migration).
    where.push(
      Prisma.sql`to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))
                 @@ websearch_to_tsquery('simple'::regconfig, ${query.q})`,
    );
  }
  const rows = await db().$queryRaw<ItemRow[]>`
    SELECT "id", "title", "description", "categories", "tags", "price", "currency", "available", "url", "imageUrl",
           "publishedAt", "properties", "createdAt", "updatedAt", "deletedAt"
    FROM "Item" WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY "id" LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...toItemOutput(r), deletedAt: r.deletedAt?.toISOString() ?? null })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}
