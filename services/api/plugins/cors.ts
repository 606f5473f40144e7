import type { FastifyInstance } from 'fastify';

// Per-key CORS: a preflight cannot carry the key, so it is answered for any origin; the real
// request is then checked against the key's allowed origins (plugins/auth.ts), and only an allowed
// origin receives Access-Control-Allow-Origin. A static CORS plugin cannot express this.
/** Response headers a browser script may read: the request id and every rate-limit header. */
export const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';

export function registerCors(app: FastifyInstance) {
  // Callback-style (every request passes here): answering a preflight ends the request without done().
  app.addHook('onRequest', (req, reply, done) => {
    const origin = req.headers.origin;
    if (req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) return done();
    reply
      .code(204)
      .header('Access-Control-Allow-Origin', origin)
      .header('Vary', 'Origin')
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE')
      .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id')
      .header('Access-Control-Expose-Headers', EXPOSED_HEADERS)
      .header('Access-Control-Max-Age', '600')
      .send();
  });
}
