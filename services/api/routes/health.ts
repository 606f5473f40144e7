// GET /healthz - liveness; GET /readyz - readiness (database reachable), with the ML models' state
// (the api serves before its models finish loading: their routes answer 503 until then)
import { db } from '@/services/db/client';
import type { ApiApp } from '../server';
import { embeddingModelStatus } from '@/services/embeddings/embedding-model';
import { sentimentModelStatus } from '@/services/sentiment/sentiment-model';

export function healthRoutes(app: ApiApp) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    try {
      await Promise.race([
        db().$queryRaw`SELECT 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
      return { status: 'ready', models: { embeddings: embeddingModelStatus(), sentiment: sentimentModelStatus() } };
    } catch (err) {
      req.log.warn({ err }, 'not ready');
      return reply.code(503).send({ error: { code: 'unavailable', message: 'Database unreachable' } });
    }
  });
}
