import swagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { env } from '@/services/config/env';
import { SCOPE_DESCRIPTIONS } from '@/services/api-keys/scopes';
import { withErrorResponses } from './openapi-errors';

/** The OpenAPI document is generated from the routes' zod schemas; served at /v1/openapi.json. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cairn API',
        version: '1.0.0',
        description:
          'Public API of Cairn. Authenticate with `Authorization: Bearer <key>`: secret keys (`sk_live_…`) from servers, ' +
          'publishable keys (`pk_live_…`) from browsers on allowed origins. Errors: `{ "error": { "code", "message", "details"? } }`.\n\n' +
          'Limits: requests are rate-limited per key and per workspace by plan (`X-RateLimit-Limit`, `-Remaining`, `-Reset` on every ' +
          'response; over the limit: 429 `rate_limited` with `Retry-After`). Metered endpoints check the monthly quota first: on the ' +
          'Free plan a request that would pass it gets 429 `quota_exceeded` (with `Retry-After` until the period resets); paid plans continue as overage.\n\n' +
          'Scopes: ' + Object.entries(SCOPE_DESCRIPTIONS).map(([s, d]) => `\`${s}\` (${d})`).join(', ') + '.',
      },
      servers: [{ url: env().PUBLIC_API_URL }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Cairn API key' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => ('openapiObject' in doc ? withErrorResponses(doc.openapiObject as Parameters<typeof withErrorResponses>[0]) : doc.swaggerObject),
  });
  app.get('/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
