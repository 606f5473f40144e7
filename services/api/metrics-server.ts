// The api's internal metrics listener: /metrics without a token, on METRICS_HOST:METRICS_PORT
// (loopback by default), apart from the public port so that only the network Prometheus lives on
// can read it. Plain node:http: one route, no guards, nothing of the public API's pipeline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError } from '@/services/errors/app-error';

export interface MetricsServer {
  url: string;
  close: () => Promise<void>;
}

export function startMetricsServer(registry: Registry, at: { host: string; port: number }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'Content-Type': type }).end(body);
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      send(404, 'application/json', JSON.stringify(new AppError('not_found', 'Only GET /metrics is served here').toBody()));
      return;
    }
    registry.metrics().then(
      (text) => send(200, registry.contentType, text),
      () => send(500, 'application/json', JSON.stringify(new AppError('internal', 'Metrics failed').toBody())),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = at.host.includes(':') ? `[${at.host}]` : at.host;
      resolve({ url: `http://${host}:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
