import { z } from 'zod';
import { idString } from '@/services/validation';
import { itemSchema } from '@/services/catalog/schemas';

export const MAX_RECOMMENDATIONS = 100;
export const MAX_EXCLUDED = 200;
export const MAX_RECENT_ITEMS = 100;

/** excludeItemIds in a query string: comma-separated ids (repeat the parameter or use commas). */
const idList = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(idString(200)).max(max, `must list at most ${max} ids`));

const limit = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(MAX_RECOMMENDATIONS, `must be at most ${MAX_RECOMMENDATIONS}`)
  .default(10)
  .describe(`How many items, 1-${MAX_RECOMMENDATIONS} (default 10)`);

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

const price = z.coerce.number({ message: 'must be a number' }).min(0, 'must not be negative').max(1e12);

/** Catalog fields a recommendation can carry (returnProperties / includeFields). */
export const ITEM_FIELDS = ['title', 'description', 'categories', 'tags', 'price', 'currency', 'available', 'url', 'imageUrl', 'publishedAt', 'properties'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];
const itemField = z.enum(ITEM_FIELDS, { message: `must be one of ${ITEM_FIELDS.join(', ')}` });

const maxPerCategory = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(MAX_RECOMMENDATIONS, `must be at most ${MAX_RECOMMENDATIONS}`)
  .describe("Diversity: at most this many items per category in the list (default: the workspace's setting, else no cap)");

/** returnProperties / includeFields (comma-separated or repeated) and maxPerCategory in a query string. */
export const fieldQueryFields = {
  maxPerCategory: maxPerCategory.optional(),
  returnProperties: bool.optional().describe("Return each item's catalog fields under `fields` (default false: ids only)"),
  includeFields: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(itemField).max(ITEM_FIELDS.length))
    .optional()
    .describe(`Only these fields, comma-separated (implies returnProperties): ${ITEM_FIELDS.join(', ')}`),
};

/** Filters shared by every recommendation endpoint. */
export const filterFields = {
  category: idString(200).optional().describe('Only items in this category'),
  minPrice: price.optional().describe('Only items with a price of at least this'),
  maxPrice: price.optional().describe('Only items with a price of at most this'),
  availableOnly: bool.optional().describe('Only available items (default true)'),
  excludeSeen: bool.optional().describe("Leave out items the user already interacted with (default true)"),
  excludePurchased: bool.optional().describe('Leave out items the user purchased (default true; matters when excludeSeen is false)'),
};

export const recommendationsQuerySchema = z
  .strictObject({
    userId: idString(200).optional().describe('Your user id; unknown or omitted: popular items'),
    anonymousId: idString(200).optional().describe('A visitor id (events sent with anonymousId)'),
    limit,
    excludeItemIds: idList(MAX_EXCLUDED).optional().describe('Item ids to leave out, comma-separated'),
    ...filterFields,
    ...fieldQueryFields,
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });

export const sessionFiltersSchema = z.strictObject({
  ...filterFields,
  excludeItemIds: z.array(idString(200)).max(MAX_EXCLUDED).optional().describe('Item ids to leave out'),
});

export const sessionRecommendationsSchema = z.strictObject({
  recentItemIds: z
    .array(idString(200))
    .max(MAX_RECENT_ITEMS, `must list at most ${MAX_RECENT_ITEMS} ids`)
    .default([])
    .describe('What the visitor looked at in this session, oldest first'),
  userId: idString(200).optional().describe('Also use this user\'s stored history'),
  anonymousId: idString(200).optional().describe("Also use this visitor's events"),
  limit,
  filters: sessionFiltersSchema.default({}),
  maxPerCategory: maxPerCategory.optional(),
  returnProperties: z.boolean().optional().describe("Return each item's catalog fields under `fields` (default false: ids only)"),
  includeFields: z.array(itemField).max(ITEM_FIELDS.length).optional().describe('Only these fields (implies returnProperties)'),
});

export const similarQuerySchema = z.strictObject({
  limit,
  ...filterFields,
  ...fieldQueryFields,
});

export const WINDOW = /^(\d{1,3})([hd])$|^all$/;
export const popularQuerySchema = z.strictObject({
  limit,
  window: z
    .string()
    .regex(WINDOW, 'must be like 24h, 7d, 30d (at most 999) or all')
    .default('30d')
    .describe('Time window of the events counted: 24h, 7d, 30d (default), all'),
  ...filterFields,
  ...fieldQueryFields,
});

export const recommendedItemSchema = z.object({
  id: z.string(),
  score: z.number(),
  reason: z.string().describe('Why it was recommended: personalized, similar_items, session, popular, trending, content'),
  fields: itemSchema
    .omit({ id: true, createdAt: true, updatedAt: true })
    .partial()
    .optional()
    .describe('The catalog fields asked for with returnProperties / includeFields (absent otherwise)'),
  ruleId: z.string().optional().describe('The business rule that moved or added this item (absent when none did)'),
});

export const recommendationsResponseSchema = z.object({
  recommId: z.string().describe('Send it as `recommId` on later click or purchase events (attribution)'),
  items: z.array(recommendedItemSchema),
  modelVersion: z.number().int().nullable().describe('The model version that served; null when no model is trained yet'),
});

export const trainResponseSchema = z.object({
  jobId: z.string(),
  version: z.number().int(),
  status: z.string(),
});

export const jobSchema = z.object({
  id: z.string(),
  type: z.literal('train'),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  version: z.number().int(),
  promoted: z.boolean(),
  decision: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().int().nullable(),
  metrics: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
});

export type Filters = {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  availableOnly?: boolean;
  excludeSeen?: boolean;
  excludePurchased?: boolean;
  excludeItemIds?: string[];
};
