// /metrics (issue 13, finding 11): not on the public port without METRICS_TOKEN (it was served to
// anyone by default); with it, only for its bearer; always on the internal listener.
import { afterAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import pino from 'pino';
import { buildApiServer } from '@/services/api/server';
import { registerErrorHandling } from '@/services/api/plugins/errors';
import { registerMetrics } from '@/services/api/plugins/metrics';
import { startMetricsServer } from '@/services/api/metrics-server';
import { freePort, startApiProcess } from '@/test/support/api-process';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const ROUTE_LINE = /cairn_api_http_request_duration_seconds_count\{method="GET",route="\/v1\/me",status="401"\} \d+/;

describe('/metrics', () => {
  it('is not served on the public port without a token, and the internal listener serves it', async () => {
    const app = await buildApiServer({ logger: pino({ level: 'silent' }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => app.close());
    const publicUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    await fetch(`${publicUrl}/v1/me`);

    const open = await fetch(`${publicUrl}/metrics`);
    expect(open.status).toBe(404);
    expect(await open.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });

    const internal = await startMetricsServer(app.metrics, { host: '127.0.0.1', port: 0 });
    cleanups.push(() => internal.close());
    const res = await fetch(`${internal.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(ROUTE_LINE);
    expect((await fetch(`${internal.url}/v1/me`)).status).toBe(404);
  });

  it('answers only the bearer of METRICS_TOKEN on the public port when one is set', async () => {
    const token = 'metrics-token-0123456789';
    const app = Fastify();
    registerErrorHandling(app);
    registerMetrics(app, { token });
    const get = (authorization?: string) => app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    for (const res of [await get(), await get('Bearer wrong'), await get(token)]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const ok = await get(`Bearer ${token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('cairn_api_process_cpu_seconds_total');
  });

  it('the api process serves it on METRICS_HOST:METRICS_PORT and not on API_PORT', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const api = await startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port, env: { METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' } });
    cleanups.push(() => api.stop());
    await fetch(`${api.url}/v1/me`);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(ROUTE_LINE);
  });
});
