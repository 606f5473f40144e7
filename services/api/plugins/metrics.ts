import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';

declare module 'fastify' {
  interface FastifyInstance {
    /** This server's Prometheus registry, also served by the internal metrics listener (metrics-server.ts). */
    metrics: client.Registry;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Prometheus metrics: process defaults plus request count and latency per route and status. The
 * public port serves /metrics only with `Authorization: Bearer <token>` (METRICS_TOKEN); without a
 * token it is not served there at all (404) and Prometheus scrapes the internal listener instead:
 * route names, traffic and memory are nothing to show to whoever can reach the public API.
 */
export function registerMetrics(app: FastifyInstance, opts: { token?: string } = { token: env().METRICS_TOKEN }) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'cairn_api_' });
  const duration = new client.Histogram({
    name: 'cairn_api_http_request_duration_seconds',
    help: 'API request duration in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.decorate('metrics', registry);

  app.addHook('onResponse', (req, reply, done) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const token = opts.token;
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    // Compared as digests: same length, constant time.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) throw new AppError('unauthorized', 'Metrics token required');
    reply.header('Content-Type', registry.contentType);
    return registry.metrics();
  });
}
