import { Prisma } from '@/generated/prisma/client';
import { dbRead } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { toItemOutput, type ListItemsQuery } from './schemas';

type ItemRow = Parameters<typeof toItemOutput>[0];

// Opaque cursors: the last id of the page, base64url-encoded.
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!id || encodeCursor(id) !== cursor) {
    throw new AppError('validation_failed', 'Request validation failed', [{ path: 'querystring.cursor', message: 'is not a cursor from a previous page' }]);
  }
  return id;
}

/**
 * Live items of the workspace in id order, a page at a time (keyset pagination on the primary
 * key), optionally in one category and/or matching a full-text query over title and description.
 */
export async function listItems(workspaceId: string, query: ListItemsQuery) {
  const where = [Prisma.sql`"workspaceId" = ${workspaceId}`, Prisma.sql`"deletedAt" IS NULL`];
  if (query.cursor !== undefined) where.push(Prisma.sql`"id" > ${decodeCursor(query.cursor)}`);
  if (query.category !== undefined) where.push(Prisma.sql`"categories" @> ARRAY[${query.category}]::text[]`);
  if (query.q !== undefined && query.q.trim() !== '') {
    // The same expression as the GIN index "Item_search_idx" (see the ingestion migration).
    where.push(
      Prisma.sql`to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))
                 @@ websearch_to_tsquery('simple'::regconfig, ${query.q})`,
    );
  }
  const rows = await dbRead().$queryRaw<ItemRow[]>`
    SELECT "id", "title", "description", "categories", "tags", "price", "currency", "available", "url", "imageUrl",
           "publishedAt", "properties", "createdAt", "updatedAt"
    FROM "Item" WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY "id" LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toItemOutput),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}
