// Product cards for shopping questions: the chatbot's ONE call site of the recommender.
//
// The Recommendation issue (services/recommend/get-recommendations.ts, get-similar-items.ts) is
// being built on the `recs` branch. Until it is merged, products come from the catalog itself:
// full-text search over titles and descriptions (a category named in the question narrows it),
// and for "something like X" the catalog item whose title best matches X, then items of its
// category that share the most words with it. When the recommender lands, the two marked
// branches below call getRecommendations / getSimilarItems instead, and this file stays the only
// place that knows.
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import type { ProductCard } from './schemas';

export interface FindProductsInput {
  workspaceId: string;
  userId?: string;
  /** The visitor's words. */
  query: string;
  /** "something like X": X. */
  similarTo?: string;
  limit?: number;
}

export interface FoundProducts {
  products: ProductCard[];
  /** The catalog item X resolved to, for "something like X". */
  anchor?: { id: string; title: string };
}

// Words that say how someone asks, not what they want.
const NOISE = new Set(
  ('a an the and or of for to in on at with without from by about is are be was i me my we you your it its this that these those ' +
    'do does did have has had can could would should will shall may might must please thanks thank hi hello ' +
    'recommend recommendation recommendations suggest suggestion suggestions looking look show give find want need buy get getting shopping ' +
    'something anything some any one ones thing things good best nice great new cheap item items product products stuff ' +
    'like similar alternative alternatives comparable same sell carry stock there what which whats gift present idea ideas ' +
    'sale store shop them they our us more other another else really very much many').split(' '),
);

interface ItemRow {
  id: string;
  title: string | null;
  price: number | null;
  currency: string | null;
  url: string | null;
  imageUrl: string | null;
  categories: string[];
}

/** Search words: lowercase letters and digits, noise removed, a plural "s" dropped, for prefix matching. */
export function searchWords(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !NOISE.has(w)).map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)))].slice(0, 12);
}

const ITEM_TEXT = Prisma.sql`to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))`;
const orQuery = (words: string[]) => words.map((w) => `${w}:*`).join(' | ');

const toCard = (row: ItemRow, reason: string): ProductCard => ({
  id: row.id,
  title: row.title ?? row.id,
  price: row.price,
  currency: row.currency,
  url: row.url,
  imageUrl: row.imageUrl,
  reason,
});

async function categoriesNamed(workspaceId: string, words: string[]): Promise<string[]> {
  if (words.length === 0) return [];
  const rows = await db().$queryRaw<{ category: string }[]>`
    SELECT DISTINCT c AS category FROM "Item", unnest("categories") c
    WHERE "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL`;
  return rows.map((r) => r.category).filter((c) => words.some((w) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase().replace(/s$/, ''))));
}

async function search(workspaceId: string, words: string[], opts: { categories?: string[]; excludeId?: string; limit: number }): Promise<ItemRow[]> {
  const where = [Prisma.sql`"workspaceId" = ${workspaceId}`, Prisma.sql`"deletedAt" IS NULL`, Prisma.sql`"available"`];
  if (opts.excludeId) where.push(Prisma.sql`"id" <> ${opts.excludeId}`);
  if (opts.categories?.length) where.push(Prisma.sql`"categories" && ${opts.categories}::text[]`);
  const query = words.length ? orQuery(words) : null;
  if (query && !opts.categories?.length) where.push(Prisma.sql`${ITEM_TEXT} @@ to_tsquery('simple'::regconfig, ${query})`);
  return db().$queryRaw<ItemRow[]>`
    SELECT "id", "title", "price", "currency", "url", "imageUrl", "categories" FROM "Item"
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY ${query ? Prisma.sql`ts_rank(${ITEM_TEXT}, to_tsquery('simple'::regconfig, ${query})) DESC,` : Prisma.empty} "id"
    LIMIT ${opts.limit}`;
}

export async function findProducts(input: FindProductsInput): Promise<FoundProducts> {
  const limit = input.limit ?? 4;
  if (input.similarTo) {
    // Recommender: getSimilarItems({ workspaceId, itemId: anchor.id, limit }) once merged.
    const anchorWords = searchWords(input.similarTo);
    const [anchor] = anchorWords.length ? await search(input.workspaceId, anchorWords, { limit: 1 }) : [];
    if (anchor) {
      const titleWords = searchWords(anchor.title ?? '');
      const similar = await search(input.workspaceId, titleWords, { categories: anchor.categories, excludeId: anchor.id, limit });
      return { anchor: { id: anchor.id, title: anchor.title ?? anchor.id }, products: similar.map((r) => toCard(r, `Similar to ${anchor.title ?? anchor.id}`)) };
    }
  }
  // Recommender: getRecommendations({ workspaceId, userId, limit, category }) once merged.
  const words = searchWords(input.query);
  const categories = await categoriesNamed(input.workspaceId, words);
  const rest = words.filter((w) => !categories.some((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase().replace(/s$/, ''))));
  if (words.length === 0) return { products: [] };
  const rows = await search(input.workspaceId, categories.length ? rest : words, { categories, limit });
  return { products: rows.map((r) => toCard(r, categories.length ? `In ${categories.join(', ')}` : `Matches “${words.join(' ')}”`)) };
}
