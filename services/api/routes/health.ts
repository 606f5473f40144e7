// GET /healthz - liveness; GET /readyz - readiness (database reachable), with the ML models' state
// (the api serves before its models finish loading: their routes answer 503 until then)
import { db } from '@/services/db/client';
import type { ApiApp } from '../api-app';
import { embeddingModelFallback, embeddingModelStatus, fastEmbeddingModelId } from '@/services/embeddings/embedding-model';
import { fastSentimentModelId, sentimentModelFallback, sentimentModelStatus } from '@/services/sentiment/sentiment-model';
import { modelLiveStats } from '@/services/models/model-stats';

export function healthRoutes(app: ApiApp) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    try {
      await Promise.race([
        db().$queryRaw`SELECT 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
      // `embeddings` / `sentiment`: the default model's state (served by the fast one when `fallback`);
      // the `*Fast` entries: the fast models, which load after the defaults.
      return {
        status: 'ready',
        models: {
          embeddings: embeddingModelStatus(),
          sentiment: sentimentModelStatus(),
          embeddingsFast: embeddingModelStatus(fastEmbeddingModelId()),
          sentimentFast: sentimentModelStatus(fastSentimentModelId()),
          ...(embeddingModelFallback() ? { embeddingsFallback: embeddingModelFallback()!.id } : {}),
          ...(sentimentModelFallback() ? { sentimentFallback: sentimentModelFallback()!.id } : {}),
        },
        // Per loaded model: texts/s over the last minute, totals, device (the Models page shows them).
        modelStats: modelLiveStats(),
      };
    } catch (err) {
      req.log.warn({ err }, 'not ready');
      return reply.code(503).send({ error: { code: 'unavailable', message: 'Database unreachable' } });
    }
  });
}
