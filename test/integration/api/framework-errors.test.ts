// Issue 13, finding 10: requests refused by Fastify's router (bad percent-encoding, a path
// parameter over maxParamLength) or by Node's HTTP parser (headers over 16 KB) answer in the one
// error shape, not Fastify's {"error":"Bad Request","code":"FST_ERR_…"}.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';

let api: Awaited<ReturnType<typeof startApiServer>>;
let key: string;
beforeAll(async () => {
  api = await startApiServer();
  key = (await buildKey(await buildOwner())).key;
});
afterAll(() => api.close());

/** A raw HTTP request (fetch refuses some of these URLs and headers before sending them). */
function raw(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>((resolve, reject) => {
    const req = request(`${api.url}${path}`, { headers: { Authorization: `Bearer ${key}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('requests refused before any route answer in the error shape', () => {
  it('bad percent-encoding in a path: 400 bad_request', async () => {
    const res = await raw('/v1/items/%ff');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorShape('bad_request'));
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('a 3,000-character path parameter: 414 uri_too_long', async () => {
    const res = await raw(`/v1/items/${'a'.repeat(3000)}`);
    expect(res.status).toBe(414);
    expect(res.body).toEqual(errorShape('uri_too_long'));
  });

  it('a 20 KB header: 431 headers_too_large', async () => {
    const res = await raw('/v1/me', { 'X-Padding': 'x'.repeat(20 * 1024) });
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(errorShape('headers_too_large'));
  });

  it('still answers normal requests on the same server', async () => {
    const res = await raw('/v1/items/%41bc');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(errorShape('not_found'));
  });
});
