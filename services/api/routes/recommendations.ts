// GET /v1/recommendations, POST /v1/recommendations, GET /v1/items/:id/similar, GET /v1/popular - recommendations (metered)
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { idParamsSchema } from '@/services/catalog/schemas';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { getSimilarItems } from '@/services/recommend/get-similar-items';
import { getPopularItems } from '@/services/recommend/get-popular-items';
import { recordServed } from '@/services/recommend/record-served';
import { compiledJsonResponse } from '@/services/api/compiled-json';
import { attachItemFields, requestedFields } from '@/services/recommend/attach-item-fields';
import type { ItemField } from '@/services/recommend/schemas';
import type { Endpoint } from '@/services/recommend/recomm-id';
import type { Result } from '@/services/recommend/rank';
import {
  popularQuerySchema,
  recommendationsQuerySchema,
  recommendationsResponseSchema,
  sessionRecommendationsSchema,
  similarQuerySchema,
} from '@/services/recommend/schemas';

const tags = ['Recommendations'];
const security = [{ bearerAuth: ['recommendations:read'] }];
const FIELDS_NOTE =
  "`returnProperties=true` adds each item's catalog fields under `fields`; `includeFields` picks which. `maxPerCategory` caps items per category. " +
  "The workspace's business rules (pin, boost, bury, filter) apply after ranking; an item a rule moved carries `ruleId`. ";
const METER_NOTE = 'Usage: one `recommendations` unit per request served.';
/** What every recommendation route shares: its guards and meter, its writer (compiled from the schema), its documentation. */
const metered = { config: { scopes: ['recommendations:read' as const], publishable: true, meter: 'recommendations' as const }, ...compiledJsonResponse };
const documented = { tags, security, response: { 200: recommendationsResponseSchema } };

/**
 * Adds the asked catalog fields (one query; none by default), then meters the request (durably,
 * group-committed) before it is answered. A full queue is a 503 (plugins/errors.ts).
 */
async function served(workspaceId: string, endpoint: Endpoint, ranked: Result, fields: readonly ItemField[] | null): Promise<Result> {
  const result = fields ? await attachItemFields(workspaceId, ranked, fields) : ranked;
  await recordServed({ workspaceId, version: result.modelVersion, endpoint, items: result.items.length });
  return result;
}

export function recommendationRoutes(app: ApiApp) {
  app.get(
    '/v1/recommendations',
    {
      ...metered,
      schema: {
        summary: 'Recommendations for a user',
        description:
          'The top `limit` items for `userId` (or `anonymousId`), from the workspace model (A/B split applied), with filters. ' +
          'Seen and purchased items are left out, deleted and unavailable items never returned. An unknown or missing user gets ' +
          'popular items (`reason: popular`), never an error. Events show up within a second, without retraining. ' +
          'Send the `recommId` back on click and purchase events for attribution. ' + FIELDS_NOTE + METER_NOTE,
        ...documented,
        querystring: recommendationsQuerySchema,
      },
    },
    async (req) => {
      const q = req.query;
      const ws = workspaceOf(req);
      const result = await getRecommendations({
        workspaceId: ws,
        userId: q.userId,
        anonymousId: q.anonymousId,
        limit: q.limit,
        category: q.category,
        excludeItemIds: q.excludeItemIds,
        filters: { minPrice: q.minPrice, maxPrice: q.maxPrice, availableOnly: q.availableOnly, excludeSeen: q.excludeSeen, excludePurchased: q.excludePurchased },
        maxPerCategory: q.maxPerCategory,
        endpoint: 'user',
      });
      return served(ws, 'user', result, requestedFields(q));
    },
  );

  app.post(
    '/v1/recommendations',
    {
      ...metered,
      schema: {
        summary: 'Recommendations for a session',
        description:
          'For anonymous sessions: ranks items for `recentItemIds` (oldest first), optionally with the stored history of ' +
          '`userId` or `anonymousId`. Filters as for GET. ' + FIELDS_NOTE + METER_NOTE,
        ...documented,
        body: sessionRecommendationsSchema,
      },
    },
    async (req) => {
      const b = req.body;
      const ws = workspaceOf(req);
      const { category, excludeItemIds, ...filters } = b.filters;
      const result = await getRecommendations({
        workspaceId: ws,
        userId: b.userId,
        anonymousId: b.anonymousId,
        recentItemIds: b.recentItemIds,
        limit: b.limit,
        category,
        excludeItemIds,
        filters,
        maxPerCategory: b.maxPerCategory,
        endpoint: 'session',
      });
      return served(ws, 'session', result, requestedFields(b));
    },
  );

  app.get(
    '/v1/items/:id/similar',
    {
      ...metered,
      schema: {
        summary: 'Similar items',
        description: 'Items that go with this one (co-interactions; content neighbours for new items), then popular items of its categories. 404 when the item is unknown or deleted. ' + FIELDS_NOTE + METER_NOTE,
        ...documented,
        params: idParamsSchema,
        querystring: similarQuerySchema,
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const { limit, returnProperties, includeFields, maxPerCategory, ...filters } = req.query;
      const result = await getSimilarItems({ workspaceId: ws, itemId: req.params.id, limit, filters, maxPerCategory });
      return served(ws, 'similar', result, requestedFields({ returnProperties, includeFields }));
    },
  );

  app.get(
    '/v1/popular',
    {
      ...metered,
      schema: {
        summary: 'Popular items',
        description: 'Most popular items over `window` (24h, 7d, 30d, all), topped up with all-time popularity; filters as for recommendations. ' + FIELDS_NOTE + METER_NOTE,
        ...documented,
        querystring: popularQuerySchema,
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const { limit, window, returnProperties, includeFields, maxPerCategory, ...filters } = req.query;
      const result = await getPopularItems({ workspaceId: ws, limit, window, filters, maxPerCategory });
      return served(ws, 'popular', result, requestedFields({ returnProperties, includeFields }));
    },
  );
}
