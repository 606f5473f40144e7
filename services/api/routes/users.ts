// PUT /v1/users, DELETE /v1/users/:id - the workspace's end users and their GDPR erasure
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { upsertUsers } from '@/services/catalog/upsert-users';
import { eraseUser } from '@/services/catalog/erase-user';
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
}
