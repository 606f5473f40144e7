// The shared input pipeline (body limit, JSON parsing, zod validation, error shape) exercised
// through the real server with a route declared exactly like product routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';

let api: Awaited<ReturnType<typeof startApiServer>>;
let key: string;
let limitedKey: string;

beforeAll(async () => {
  api = await startApiServer((app) => {
    app.post(
      '/v1/test-echo',
      {
        config: { scopes: ['events:write'] },
        schema: {
          body: z.strictObject({ name: z.string().min(1), count: z.number().int().min(0), tags: z.array(z.string()).optional() }),
          querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        },
      },
      async (req) => ({ received: req.body }),
    );
  });
  const owner = await buildOwner();
  key = (await buildKey(owner)).key;
  limitedKey = (await buildKey(owner, { scopes: ['usage:read'] })).key;
});
afterAll(() => api.close());

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }, k = key) =>
  api.request('/v1/test-echo', { method: 'POST', key: k, body, headers });

describe('bad input gets a 4xx with the error shape', () => {
  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { name: 'a', count: 1 } });
  });

  it('malformed JSON -> 400 invalid_json', async () => {
    const res = await post('{"name": "a",');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_json');
  });

  it('wrong types and unknown fields -> 400 listing every problem with its path', async () => {
    const res = await post(JSON.stringify({ name: 5, count: -1.5, tags: ['ok', 3], extra: true }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    const paths = error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.count', 'body.tags.1']));
    expect(error.details.some((d: { message: string }) => /extra/.test(d.message))).toBe(true);
    for (const d of error.details) expect(typeof d.message).toBe('string');
  });

  it('bad query parameters -> 400 with querystring paths', async () => {
    const res = await api.request('/v1/test-echo?dryRun=maybe', {
      method: 'POST',
      key,
      body: JSON.stringify({ name: 'a', count: 1 }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('querystring.dryRun');
  });

  it('bodies over 1 MB -> 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('unsupported content type -> 415', async () => {
    const res = await post('name=a', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('a key without the scope -> 403 naming the scope', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 1 }), { 'Content-Type': 'application/json' }, limitedKey);
    expect(res.status).toBe(403);
    const { error } = await res.json();
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/events:write/);
  });

  it('an unauthenticated oversized body is refused before it is read (401, not 413)', async () => {
    const res = await api.request('/v1/test-echo', {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });
});
