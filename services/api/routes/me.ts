// GET /v1/me - the calling key's workspace and scopes
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { compiledJsonResponse } from '../compiled-json';
import { SCOPES } from '@/services/api-keys/scopes';

const meResponse = z.object({
  workspace: z.object({ id: z.string(), name: z.string(), plan: z.string() }),
  key: z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['secret', 'publishable']),
    scopes: z.array(z.enum(SCOPES)),
  }),
});

export function meRoutes(app: ApiApp) {
  app.get(
    '/v1/me',
    {
      ...compiledJsonResponse,
      config: { publishable: true },
      schema: {
        summary: 'Who am I',
        description: 'The workspace and scopes of the API key that makes the request. Any valid key may call it.',
        tags: ['Account'],
        security: [{ bearerAuth: [] }],
        response: { 200: meResponse },
      },
    },
    async (req) => {
      const k = req.apiKey;
      return {
        workspace: { id: k.workspaceId, name: k.workspaceName, plan: k.plan },
        key: { id: k.keyId, name: k.name, type: k.type, scopes: [...k.scopes] },
      };
    },
  );
}
