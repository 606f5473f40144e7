// PUT /v1/users, GET /v1/users, DELETE /v1/users/:id, GET /v1/users/:id/export, POST /v1/identify - the workspace's end users, their identity merges and GDPR requests
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { eraseUser } from '@/services/catalog/erase-user';
import { AppError } from '@/services/errors/app-error';
import { mergeIdentity } from '@/services/identity/merge-identity';
import { eventFeed } from '@/services/recommend/serving/event-feed';
import { identifyRequestSchema, identifyResponseSchema } from '@/services/identity/schemas';
import { listUsers } from '@/services/people/list-users';
import { listUsersQuerySchema, listUsersResponseSchema, USERS_PAGE_SIZE } from '@/services/people/schemas';
import { exportUser } from '@/services/privacy/export-user';
import {
  eraseUserResponseSchema,
  idParamsSchema,
  MAX_USERS_PER_BATCH,
  upsertResponseSchema,
  upsertUsersRequestSchema,
} from '@/services/catalog/schemas';

const tags = ['Users'];

export function userRoutes(app: ApiApp) {
  app.put(
    '/v1/users',
    {
      config: { scopes: ['users:write'] },
      schema: {
        summary: 'Create or replace users',
        description:
          `Upserts up to ${MAX_USERS_PER_BATCH} of your end users (all or nothing; more: 413, the same id twice: 400). ` +
          '`traits` replaces the stored traits.',
        tags,
        security: [{ bearerAuth: ['users:write'] }],
        body: upsertUsersRequestSchema,
        response: { 200: upsertResponseSchema },
      },
    },
    async (req) => upsertUsers(workspaceOf(req), req.body.users),
  );

  app.delete(
    '/v1/users/:id',
    {
      config: { scopes: ['users:write'] },
      schema: {
        summary: 'Erase a user (GDPR)',
        description:
          'The erasure path for a data-subject request: deletes the user record, every event with this `userId`, and every chat ' +
          'conversation started or continued with this `userId` with all its messages and feedback, in one transaction, records it ' +
          "in the audit log, then drops the user's recommendation history from memory; answers what it removed per store. " +
          'Idempotent: an unknown id deletes nothing and succeeds. Events sent only with an `anonymousId`, and conversations ' +
          'that never carried the `userId`, are not reached (retention settings bound how long they are kept); stop sending ' +
          'events for the user first, as events sent afterwards are stored again.',
        tags,
        security: [{ bearerAuth: ['users:write'] }],
        params: idParamsSchema,
        response: { 200: eraseUserResponseSchema },
      },
    },
    async (req) => eraseUser(workspaceOf(req), req.params.id, { keyId: req.apiKey.keyId }),
  );

  app.get(
    '/v1/users',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        summary: 'List and search users',
        description:
          `Users with a profile and users known from their events only, most recently active first, ${USERS_PAGE_SIZE} a page. ` +
          'Search with `q` (part of the id or of a trait value), segment with `trait=key=value` and by activity ' +
          '(`active` / `inactive`: an event in / none in the last N days).',
        tags,
        security: [{ bearerAuth: ['catalog:read'] }],
        querystring: listUsersQuerySchema,
        response: { 200: listUsersResponseSchema },
      },
    },
    async (req) => listUsers(workspaceOf(req), req.query),
  );

  app.get(
    '/v1/users/:id/export',
    {
      config: { scopes: ['users:write'] },
      schema: {
        summary: 'Export a user (GDPR access request)',
        description:
          'Everything the workspace holds about the user as JSON: profile and traits, every event with its properties, the ' +
          'anonymous ids merged into them and their conversations with every message. Audited. 404 when nothing is held.',
        tags,
        security: [{ bearerAuth: ['users:write'] }],
        params: idParamsSchema,
      },
    },
    async (req) => {
      const data = await exportUser(workspaceOf(req), req.params.id, { keyId: req.apiKey.keyId });
      if (!data) throw new AppError('not_found', 'No data held about this user');
      return data;
    },
  );

  app.post(
    '/v1/identify',
    {
      config: { scopes: ['events:write'], publishable: true },
      schema: {
        summary: 'Merge an anonymous visitor into a user',
        description:
          'Call it when a visitor signs in (the tracker does on `identify`): the anonymous id\'s events and the conversations ' +
          'kept under it become the user\'s, and later events sent with only the anonymous id are stored with the user id, so ' +
          'recommendations, chat and analytics see one person. Recorded once per anonymous id: sending it again changes ' +
          'nothing (`merged: false`); the same anonymous id for another user is a 409. Publishable keys may call it.',
        tags,
        security: [{ bearerAuth: ['events:write'] }],
        body: identifyRequestSchema,
        response: { 200: identifyResponseSchema },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const result = await mergeIdentity(ws, req.body, { keyId: req.apiKey.keyId });
      // Serving in this process joins the two histories before the response (others: their next poll).
      if (result.merged) await eventFeed.eventsStored(ws);
      return result;
    },
  );
}
