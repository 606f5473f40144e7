// GET /healthz - liveness; GET /readyz - readiness (database reachable)
import { db } from '@/services/db/client';
import type { ApiApp } from '../server';

export function healthRoutes(app: ApiApp) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    try {
      await Promise.race([
        db().$queryRaw`SELECT 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
      return { status: 'ready' };
    } catch (err) {
      req.log.warn({ err }, 'not ready');
      return reply.code(503).send({ error: { code: 'unavailable', message: 'Database unreachable' } });
    }
  });
}
