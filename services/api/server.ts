import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiApp } from './api-app';
import type { Logger } from '@/services/logger';
import { randomBase62 } from '@/services/ids';
import './context';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './plugins/errors';
import { registerAuth } from './plugins/auth';
import { registerCors } from './plugins/cors';
import { registerMetrics } from './plugins/metrics';
import { registerLimits } from './plugins/limits';
import { registerOpenApi } from './openapi';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { usageRoutes } from './routes/usage';
import { eventRoutes } from './routes/events';
import { itemRoutes } from './routes/items';
import { userRoutes } from './routes/users';
import { privacyRoutes } from './routes/privacy';
import { trackerRoutes } from './routes/tracker';
import { embeddingRoutes } from './routes/embeddings';
import { recommendationRoutes } from './routes/recommendations';
import { modelRoutes } from './routes/models';
import { sentimentRoutes } from './routes/sentiment';
import { chatRoutes } from './routes/chat';
import { knowledgeRoutes } from './routes/knowledge';
import { widgetRoutes } from './routes/widget';

export type { ApiApp };

export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Request ids: a random per-process prefix plus a counter; unique without a random draw per request.
const bootId = randomBase62(8);
let requestCount = 0;

/** The public API server (not listening yet): guards, error shape, metrics, OpenAPI and routes. */
export async function buildApiServer(opts: { logger: Logger; extraRoutes?: (app: ApiApp) => void }) {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    // We write one line per request ourselves (onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A caller's X-Request-Id is kept when sane, so its logs and ours line up.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req_${bootId}${(++requestCount).toString(36)}`;
    },
    // maxParamLength: ids in paths are up to 200 characters, up to ~1,800 once percent-encoded
    // (find-my-way's default, 100, would answer 414 for valid ids).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // The router's refusals (bad URL, 414) and Node's (431, malformed requests) in our error shape.
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Hooks on every request are callback-style, not async: no promise per request per hook.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    done();
  });
  // One log line per request, written after the response.
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        url: req.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        workspaceId: req.apiKey?.workspaceId,
      },
      'request',
    );
    done();
  });

  registerErrorHandling(app);
  registerCors(app);
  registerAuth(app);
  registerLimits(app);
  registerMetrics(app);
  await registerOpenApi(app);

  const api = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(api);
  meRoutes(api);
  usageRoutes(api);
  eventRoutes(api);
  itemRoutes(api);
  userRoutes(api);
  privacyRoutes(api);
  trackerRoutes(api);
  embeddingRoutes(api);
  recommendationRoutes(api);
  modelRoutes(api);
  sentimentRoutes(api);
  chatRoutes(api);
  knowledgeRoutes(api);
  widgetRoutes(api);
  opts.extraRoutes?.(api);
  return app;
}
