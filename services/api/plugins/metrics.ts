import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';

/** Prometheus metrics: process defaults plus request count and latency per route and status. */
export function registerMetrics(app: FastifyInstance) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'cairn_api_' });
  const duration = new client.Histogram({
    name: 'cairn_api_http_request_duration_seconds',
    help: 'API request duration in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  app.addHook('onResponse', (req, reply, done) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const token = env().METRICS_TOKEN;
    if (token && req.headers.authorization !== `Bearer ${token}`) throw new AppError('unauthorized', 'Metrics token required');
    reply.header('Content-Type', registry.contentType);
    return registry.metrics();
  });
}
