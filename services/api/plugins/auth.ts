import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@/services/errors/app-error';
import { resolveApiKeyFast, type ResolvedKey } from '@/services/api-keys/resolve-api-key';
import { startApiKeyChangeListener } from '@/services/api-keys/key-change-listener';
import { env } from '@/services/config/env';
import { EXPOSED_HEADERS } from './cors';

// Composable guards, run in order on every non-public route:
// bearer key -> workspace (resolveApiKey) -> publishable/origin check -> scopes.

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The presented key, resolved: a value on a cache hit, a promise when the database is asked. */
function presentedKey(req: FastifyRequest): ResolvedKey | null | Promise<ResolvedKey | null> {
  const header = req.headers.authorization;
  if (!header) {
    const query = req.query as Record<string, unknown> | undefined;
    if (query && ('api_key' in query || 'key' in query)) {
      throw new AppError('unauthorized', 'API keys are accepted only in the Authorization header, never in the URL');
    }
    throw new AppError('unauthorized', 'Missing API key: send `Authorization: Bearer <key>`');
  }
  const match = BEARER.exec(header);
  if (!match) throw new AppError('unauthorized', 'Malformed Authorization header: expected `Bearer <key>`');
  return resolveApiKeyFast(match[1]!);
}

function admit(req: FastifyRequest, reply: FastifyReply, key: ResolvedKey | null): void {
  if (!key) throw new AppError('unauthorized', 'Invalid or revoked API key');
  req.apiKey = key;
  checkOrigin(req, reply);
  checkScopes(req);
}

/** Publishable keys work only from their allowed origins and only on routes open to them. */
function checkOrigin(req: FastifyRequest, reply: FastifyReply): void {
  const origin = req.headers.origin;
  const key = req.apiKey;
  if (key.type === 'publishable') {
    if (!req.routeOptions.config.publishable) {
      throw new AppError('forbidden', 'Publishable keys cannot call this endpoint; use a secret key from your server');
    }
    if (!origin || !key.allowedOrigins.includes(origin)) {
      throw new AppError('origin_not_allowed', `Origin ${origin ?? '(none)'} is not allowed for this key`);
    }
  }
  if (origin && key.type === 'publishable') {
    reply.header('Access-Control-Allow-Origin', origin);
    // Exposure belongs on the response itself (a preflight's list does not carry over).
    reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    reply.header('Vary', 'Origin');
  }
}

function checkScopes(req: FastifyRequest): void {
  const required = req.routeOptions.config.scopes ?? [];
  const missing = required.filter((s) => !req.apiKey.scopes.has(s));
  if (missing.length > 0) {
    throw new AppError('forbidden', `This key lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
}

export function registerAuth(app: FastifyInstance) {
  app.decorateRequest('apiKey', null as never);
  // Revocations and plan changes committed anywhere drop this process's cached keys at once.
  let listener: ReturnType<typeof startApiKeyChangeListener> | undefined;
  app.addHook('onReady', async () => {
    listener = startApiKeyChangeListener({ connectionString: env().DATABASE_URL, log: app.log });
  });
  app.addHook('onClose', async () => {
    await listener?.stop();
  });
  // onRequest: before the body is read, so unauthenticated callers cannot make us parse 1 MB.
  // Callback-style: a cached key is checked without a promise (this runs on every request). Kept on
  // purpose: as an async hook it was measurably slower in bench:api (docs/operations.md, "Guards: callbacks, measured").
  app.addHook('onRequest', (req, reply, done) => {
    if (req.method === 'OPTIONS' || req.routeOptions.config?.public || !req.routeOptions.url) return done();
    let key;
    try {
      key = presentedKey(req);
      if (!(key instanceof Promise)) {
        admit(req, reply, key);
        return done();
      }
    } catch (err) {
      return done(err as Error);
    }
    key.then(
      (resolved) => {
        try {
          admit(req, reply, resolved);
          done();
        } catch (err) {
          done(err as Error);
        }
      },
      (err: Error) => done(err),
    );
  });
}
