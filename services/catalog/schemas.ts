import { z } from 'zod';
import { httpUrl, idString, jsonObjectText, safeText, timestampMs } from '@/services/validation';

export const MAX_ITEMS_PER_BATCH = 1000;
export const MAX_USERS_PER_BATCH = 1000;
export const MAX_ITEM_PROPERTIES_BYTES = 16 * 1024;
export const MAX_TRAITS_BYTES = 8 * 1024;
const MAX_DEPTH = 10;

// ---- Items ------------------------------------------------------------------------------------

/** One item of PUT /v1/items. The upsert replaces the whole item: omitted fields are reset. */
export const itemInputSchema = z.strictObject({
  id: idString(200).describe('Your id for the item (unique within the workspace)'),
  title: safeText(1000).nullish(),
  description: safeText(20_000).nullish(),
  categories: z.array(idString(200)).max(50, 'must have at most 50 categories').default([]),
  tags: z.array(idString(100)).max(100, 'must have at most 100 tags').default([]),
  price: z.number().min(0, 'must not be negative').max(1e12, 'must be at most 1e12').nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR').nullish(),
  available: z.boolean().default(true).describe('Unavailable items are not recommended'),
  url: httpUrl().nullish(),
  imageUrl: httpUrl().nullish(),
  publishedAt: timestampMs({ maxFutureMs: 10 * 365 * 86_400_000 })
    .nullish()
    .describe('ISO 8601 (no zone: UTC), epoch milliseconds, or epoch seconds (numbers below 1e11)'),
  properties: jsonObjectText({ maxBytes: MAX_ITEM_PROPERTIES_BYTES, maxDepth: MAX_DEPTH })
    .nullish()
    .describe(`Any JSON object, at most ${MAX_ITEM_PROPERTIES_BYTES} bytes serialized and ${MAX_DEPTH} levels deep`),
});
export type ItemInput = z.output<typeof itemInputSchema>;

export const upsertItemsRequestSchema = z.strictObject({
  items: z.array(itemInputSchema).describe(`Up to ${MAX_ITEMS_PER_BATCH} items, each id once (more: 413)`),
});

export const upsertResponseSchema = z.object({
  created: z.number().int().describe('New rows (including items that had been deleted)'),
  updated: z.number().int().describe('Existing rows replaced'),
});

export const itemSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  categories: z.array(z.string()),
  tags: z.array(z.string()),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  available: z.boolean(),
  url: z.string().nullable(),
  imageUrl: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  properties: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ItemOutput = z.output<typeof itemSchema>;

/** A stored item row -> the API shape. */
export function toItemOutput(row: {
  id: string;
  title: string | null;
  description: string | null;
  categories: string[] | null;
  tags: string[] | null;
  price: number | null;
  currency: string | null;
  available: boolean;
  url: string | null;
  imageUrl: string | null;
  publishedAt: Date | null;
  properties: unknown;
  createdAt: Date;
  updatedAt: Date;
}): ItemOutput {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    categories: row.categories ?? [],
    tags: row.tags ?? [],
    price: row.price,
    currency: row.currency,
    available: row.available,
    url: row.url,
    imageUrl: row.imageUrl,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    properties: (row.properties ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const listItemsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1-200 (default 50)'),
  cursor: z.string().max(1000).optional().describe('`nextCursor` of the previous page'),
  category: idString(200).optional().describe('Only items in this category'),
  q: safeText(200).optional().describe('Full-text search over title and description (web search syntax: words, "phrases", -exclusions)'),
});
export type ListItemsQuery = z.output<typeof listItemsQuerySchema>;

export const itemPageSchema = z.object({
  items: z.array(itemSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

export const idParamsSchema = z.strictObject({ id: idString(200) });

// ---- End users --------------------------------------------------------------------------------

export const userInputSchema = z.strictObject({
  id: idString(200).describe('Your id for the user (the userId of their events)'),
  traits: jsonObjectText({ maxBytes: MAX_TRAITS_BYTES, maxDepth: MAX_DEPTH })
    .nullish()
    .describe(`Any JSON object (replaces the stored traits), at most ${MAX_TRAITS_BYTES} bytes serialized`),
});
export type UserInput = z.output<typeof userInputSchema>;

export const upsertUsersRequestSchema = z.strictObject({
  users: z.array(userInputSchema).describe(`Up to ${MAX_USERS_PER_BATCH} users, each id once (more: 413)`),
});

const count = (what: string) => z.number().int().describe(what);

export const eraseUserResponseSchema = z.object({
  id: z.string(),
  erased: z
    .object({
      user: count('The user record (0 or 1)'),
      events: count('Events with this userId'),
      conversations: count('Chat conversations of this userId'),
      messages: count('Messages of those conversations (visitor and bot)'),
      feedback: count('Ratings and comments on those messages'),
      recommendationProfiles: count("The user's recommendation history held in the api's memory (0 or 1)"),
    })
    .describe('What was removed, per store'),
  userDeleted: z.boolean().describe('Whether a user record existed and was deleted (also `erased.user`)'),
  eventsDeleted: z.number().int().describe('Events with this userId deleted (also `erased.events`)'),
});
