// PUT /v1/items, GET /v1/items, GET /v1/items/:id, DELETE /v1/items/:id - the workspace's catalog
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { upsertItems } from '@/services/catalog/upsert-items';
import { getItem } from '@/services/catalog/get-item';
import { listItems } from '@/services/catalog/list-items';
import { deleteItem } from '@/services/catalog/delete-item';
import { eventFeed } from '@/services/recommend/serving/event-feed';
import {
  idParamsSchema,
  itemPageSchema,
  itemSchema,
  listItemsQuerySchema,
  MAX_ITEMS_PER_BATCH,
  upsertItemsRequestSchema,
  upsertResponseSchema,
} from '@/services/catalog/schemas';

const tags = ['Catalog'];

export function itemRoutes(app: ApiApp) {
  app.put(
    '/v1/items',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        summary: 'Create or replace items',
        description:
          `Upserts up to ${MAX_ITEMS_PER_BATCH} items in one transaction (all or nothing; more: 413, the same id twice: 400). ` +
          'Each item is replaced as sent: omitted fields are reset to their defaults. A deleted item sent again is restored. ' +
          'Items that are new or whose title or description changed are queued for re-embedding.',
        tags,
        security: [{ bearerAuth: ['catalog:write'] }],
        body: upsertItemsRequestSchema,
        response: { 200: upsertResponseSchema },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const result = await upsertItems(ws, req.body.items);
      await eventFeed.catalogChanged(ws); // serving in this process sees the change before the response
      return result;
    },
  );

  app.get(
    '/v1/items',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        summary: 'List items',
        description:
          'Live (not deleted) items in id order, a page at a time: pass `nextCursor` back as `cursor`. ' +
          'Filter by `category`; `q` searches title and description (full text, no stemming).',
        tags,
        security: [{ bearerAuth: ['catalog:read'] }],
        querystring: listItemsQuerySchema,
        response: { 200: itemPageSchema },
      },
    },
    async (req) => listItems(workspaceOf(req), req.query),
  );

  app.get(
    '/v1/items/:id',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        summary: 'Get an item',
        description: '404 when the item does not exist or was deleted.',
        tags,
        security: [{ bearerAuth: ['catalog:read'] }],
        params: idParamsSchema,
        response: { 200: itemSchema },
      },
    },
    async (req) => getItem(workspaceOf(req), req.params.id),
  );

  app.delete(
    '/v1/items/:id',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        summary: 'Delete an item',
        description: 'Soft delete: the item is never returned or recommended again (until it is sent again with PUT). 404 when there is no such live item.',
        tags,
        security: [{ bearerAuth: ['catalog:write'] }],
        params: idParamsSchema,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (req, reply) => {
      const ws = workspaceOf(req);
      await deleteItem(ws, req.params.id);
      await eventFeed.catalogChanged(ws); // serving in this process drops the item before the response
      return reply.code(204).send(null);
    },
  );
}
