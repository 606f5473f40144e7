import { ERROR_STATUS } from '@/services/errors/app-error';

// Every operation can fail with the one error shape (services/errors/app-error.ts); the routes'
// schemas list only their successes. Declaring it once as every operation's `default` response
// documents it in the reference and types it in the SDK (openapi-fetch's `error`).
const ERROR_SCHEMA = {
  type: 'object',
  description: 'The one error shape of the API.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: 'Machine-readable; the HTTP status follows from it.' },
        message: { type: 'string', description: 'For people; may change.' },
        details: {
          type: 'array',
          description: 'Validation problems, one per field (`path` is dotted: `body.events.0.type`).',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
            required: ['path', 'message'],
            additionalProperties: false,
          },
        },
      },
      required: ['code', 'message'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
} as const;

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

type Doc = { paths?: Record<string, Record<string, { responses?: Record<string, unknown> } | unknown>>; components?: { schemas?: Record<string, unknown> } };

/** The document with an `Error` component and it as every operation's `default` response. */
export function withErrorResponses<T extends Doc>(doc: T): T {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !op || typeof op !== 'object') continue;
      const operation = op as { responses?: Record<string, unknown> };
      operation.responses = { ...operation.responses, default: operation.responses?.default ?? ERROR_RESPONSE };
    }
  }
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: ERROR_SCHEMA } };
  return doc;
}
