import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import { PUBLISHABLE_SCOPES } from '@/services/api-keys/scopes';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe('GET /v1/me', () => {
  it('returns the key workspace and scopes, with a request id', async () => {
    const owner = await buildOwner();
    const { key, record } = await buildKey(owner, { name: 'server key', scopes: ['events:write', 'usage:read'] });
    const res = await api.request('/v1/me', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.json()).toEqual({
      workspace: { id: owner.workspace.id, name: owner.workspace.name, plan: 'free' },
      key: { id: record.id, name: 'server key', type: 'secret', scopes: ['events:write', 'usage:read'] },
    });
  });

  it('keeps a sane caller request id', async () => {
    const { key } = await buildKey(await buildOwner());
    const res = await api.request('/v1/me', { key, headers: { 'X-Request-Id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('answers 401 with the error shape for a missing, malformed, unknown or URL-borne key', async () => {
    const cases: [string, RequestInit][] = [
      ['/v1/me', {}],
      ['/v1/me', { headers: { Authorization: 'Basic abc' } }],
      ['/v1/me', { headers: { Authorization: `Bearer sk_live_${'x'.repeat(32)}` } }],
      ['/v1/me', { headers: { Authorization: 'Bearer sk_live_short' } }],
      ['/v1/me?api_key=sk_live_abc', {}],
    ];
    for (const [path, init] of cases) {
      const res = await api.request(path, init);
      expect(res.status, path + JSON.stringify(init)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = await res.json();
      expect(body.error.code).toBe('unauthorized');
      expect(typeof body.error.message).toBe('string');
    }
    const urlKey = await (await api.request('/v1/me?api_key=sk_live_abc')).json();
    expect(urlKey.error.message).toMatch(/Authorization header/);
  });

  it('stops accepting a revoked key within 5 seconds', async () => {
    const owner = await buildOwner();
    const { key, record } = await buildKey(owner);
    expect((await api.request('/v1/me', { key })).status).toBe(200); // now cached
    const revokedAt = Date.now();
    await revokeApiKey({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, keyId: record.id });
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 6000) {
      status = (await api.request('/v1/me', { key })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(5000);
  });

  it('lets a publishable key in only from its allowed origins (CORS)', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, {
      type: 'publishable',
      scopes: [...PUBLISHABLE_SCOPES],
      allowedOrigins: ['https://shop.example.com'],
    });
    const ok = await api.request('/v1/me', { key, headers: { Origin: 'https://shop.example.com' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    // A browser script can read every rate-limit header and the request id of the real response.
    const exposed = ok.headers.get('access-control-expose-headers')?.split(/,\s*/) ?? [];
    for (const h of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After', 'X-Request-Id']) expect(exposed).toContain(h);
    expect(ok.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);

    const evil = await api.request('/v1/me', { key, headers: { Origin: 'https://evil.example.net' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await evil.json()).error.code).toBe('origin_not_allowed');

    const noOrigin = await api.request('/v1/me', { key });
    expect(noOrigin.status).toBe(403);

    const preflight = await api.request('/v1/me', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('refuses publishable keys on server-only endpoints', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, {
      type: 'publishable',
      scopes: ['events:write'],
      allowedOrigins: ['https://shop.example.com'],
    });
    const res = await api.request('/v1/usage', { key, headers: { Origin: 'https://shop.example.com' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });
});

describe('service endpoints', () => {
  it('serves health, readiness and the OpenAPI document without a key (metrics: metrics.test.ts)', async () => {
    expect(await (await api.request('/healthz')).json()).toEqual({ status: 'ok' });
    const modelState = expect.stringMatching(/^(ready|loading|failed|idle)$/);
    expect(await (await api.request('/readyz')).json()).toEqual({
      status: 'ready',
      models: { embeddings: modelState, sentiment: modelState, embeddingsFast: modelState, sentimentFast: modelState },
      modelStats: expect.any(Object),
    });
    const doc = await (await api.request('/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/me'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('workspace');
    expect(doc.paths['/v1/usage'].get.security).toEqual([{ bearerAuth: ['usage:read'] }]);
    expect(doc.paths['/healthz']).toBeUndefined();
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await api.request('/v1/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
