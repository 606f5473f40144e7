import pino from 'pino';
import { buildApiServer, type ApiApp } from '@/services/api/server';

/** The real api server on a random local port, for HTTP tests. */
export async function startApiServer(extraRoutes?: (app: ApiApp) => void) {
  const app = await buildApiServer({ logger: pino({ level: 'silent' }), extraRoutes });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    close: () => app.close(),
    /** fetch against the server with an optional bearer key. */
    request: (path: string, init: RequestInit & { key?: string } = {}) => {
      const headers = new Headers(init.headers);
      if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
      return fetch(url + path, { ...init, headers });
    },
  };
}
