// Overload is a retryable 503, mapped once in the error plugin: from the database pool (no
// connection or transaction slot in time) and from a full model or metering queue (OverloadedError).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '@/generated/prisma/client';
import { OverloadedError } from '@/lib/micro-batcher';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';

let api: Awaited<ReturnType<typeof startApiServer>>;
let key: string;
beforeAll(async () => {
  api = await startApiServer((app) => {
    app.get('/v1/test-busy', { config: { scopes: ['usage:read'] } }, async () => {
      throw new Prisma.PrismaClientKnownRequestError('Transaction API error: Unable to start a transaction in the given time.', {
        code: 'P2028',
        clientVersion: Prisma.prismaVersion.client,
      });
    });
    app.get('/v1/test-queue-full', { config: { scopes: ['usage:read'] } }, async () => {
      throw new OverloadedError(4096, 4096);
    });
  });
  key = (await buildKey(await buildOwner())).key;
});
afterAll(() => api.close());

it('a pool or transaction timeout answers 503 with Retry-After, not 500', async () => {
  const res = await api.request('/v1/test-busy', { key });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  const body = await res.json();
  expect(body.error.code).toBe('unavailable');
  expect(body.error.message).not.toMatch(/Prisma|Transaction API/);
});

it('a full queue (OverloadedError from any route) answers 503 with Retry-After, not 500', async () => {
  const res = await api.request('/v1/test-queue-full', { key });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect((await res.json()).error.code).toBe('unavailable');
});
