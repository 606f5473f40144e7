// Product cards for shopping questions: the chatbot's ONE call site of the recommender
// (services/recommend). "Something like X": X is resolved to the catalog item whose title matches
// it best (full text), then the recommender's similar items. "Recommend me a tent": the
// recommender's picks for this visitor (personalised when the userId has history, else popular),
// in the category the question names. A question with specific words beyond a category
// ("waterproof boots") is a search: full text over titles and descriptions, in the category when
// one is named. The catalog search is also the fallback when the recommender has nothing.
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { getSimilarItems } from '@/services/recommend/get-similar-items';
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

const REASONS: Record<string, string> = {
  personalized: 'Picked for you',
  session: 'Based on what you viewed',
  popular: 'Popular',
  trending: 'Trending',
  content: 'Similar to what you liked',
  similar_items: 'Similar',
  same_category: 'In the same category',
  popular_in_category: 'Popular in this category',
  catalog: 'From our catalog',
};

/** Cards for recommended ids, in the recommender's order (ids no longer live are dropped). */
async function cardsFor(
  workspaceId: string,
  ranked: { id: string; reason: string }[],
  reasonText: (reason: string) => string,
  keep: (row: ItemRow, reason: string) => boolean = () => true,
): Promise<ProductCard[]> {
  if (ranked.length === 0) return [];
  const rows = await db().item.findMany({
    where: { workspaceId, id: { in: ranked.map((r) => r.id) }, deletedAt: null, available: true },
    select: { id: true, title: true, price: true, currency: true, url: true, imageUrl: true, categories: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap((r) => {
    const row = byId.get(r.id);
    return row && keep(row, r.reason) ? [toCard(row, reasonText(r.reason))] : [];
  });
}

const notFoundToEmpty = (err: unknown) => {
  if (err instanceof AppError && err.code === 'not_found') return { items: [] as { id: string; reason: string }[] };
  throw err;
};

export async function findProducts(input: FindProductsInput): Promise<FoundProducts> {
  const limit = input.limit ?? 4;
  if (input.similarTo) {
    const anchorWords = searchWords(input.similarTo);
    const [anchor] = anchorWords.length ? await search(input.workspaceId, anchorWords, { limit: 1 }) : [];
    if (anchor) {
      const title = anchor.title ?? anchor.id;
      const similar = await getSimilarItems({ workspaceId: input.workspaceId, itemId: anchor.id, limit }).catch(notFoundToEmpty);
      // The model's neighbours may cross categories; its popularity fill-ins must share one.
      let products = await cardsFor(
        input.workspaceId,
        similar.items,
        (reason) => (reason === 'similar_items' ? `Similar to ${title}` : (REASONS[reason] ?? 'Similar')),
        (row, reason) => reason === 'similar_items' || row.categories.some((c) => anchor.categories.includes(c)),
      );
      if (products.length === 0) {
        const rows = await search(input.workspaceId, searchWords(title), { categories: anchor.categories, excludeId: anchor.id, limit });
        products = rows.map((r) => toCard(r, `Similar to ${title}`));
      }
      return { anchor: { id: anchor.id, title }, products };
    }
  }
  const words = searchWords(input.query);
  if (words.length === 0) return { products: [] };
  const categories = await categoriesNamed(input.workspaceId, words);
  const rest = words.filter((w) => !categories.some((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase().replace(/s$/, ''))));
  if (categories.length > 0 && rest.length === 0) {
    // Only a category ("recommend me a tent"): the recommender's picks in it.
    const recs = await getRecommendations({ workspaceId: input.workspaceId, userId: input.userId, limit, category: categories[0] }).catch(notFoundToEmpty);
    const products = await cardsFor(input.workspaceId, recs.items, (reason) => REASONS[reason] ?? 'Recommended');
    if (products.length > 0) return { products };
  }
  const rows = await search(input.workspaceId, categories.length ? rest : words, { categories, limit });
  return { products: rows.map((r) => toCard(r, categories.length ? `In ${categories.join(', ')}` : `Matches “${words.join(' ')}”`)) };
}
