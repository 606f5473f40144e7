// The try-it console's forwarding (services/api-console/forward-request.ts) against the real api
// server: what the API answered comes back (status, rate-limit headers, body, errors included);
// bad input is refused naming the field, and never reaches the API nor echoes the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardConsoleRequest } from '@/services/api-console/forward-request';
import { AppError } from '@/services/errors/app-error';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';

let api: Awaited<ReturnType<typeof startApiServer>>;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  api = await startApiServer();
  const owner = await buildOwner();
  workspaceId = owner.workspace.id;
  key = (await buildKey(owner)).key;
});
afterAll(async () => api?.close());

const refusal = async (input: unknown) => {
  const err = await forwardConsoleRequest(input, api.url).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('forwardConsoleRequest', () => {
  it('answers the status, the rate-limit headers and the JSON body of the API', async () => {
    const res = await forwardConsoleRequest({ method: 'GET', path: '/v1/me', apiKey: key }, api.url);
    expect(res.status).toBe(200);
    expect((res.body as { workspace: { id: string } }).workspace.id).toBe(workspaceId);
    expect(res.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
    expect(res.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    expect(res.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect(res.truncated).toBe(false);
  });

  it('sends the edited body and reports the API refusing it (a 400 is a result, not a failure)', async () => {
    const ok = await forwardConsoleRequest({ method: 'POST', path: '/v1/events', apiKey: key, body: JSON.stringify({ events: [{ id: 'c1', type: 'search', userId: 'u1' }] }) }, api.url);
    expect([ok.status, (ok.body as { accepted: number }).accepted]).toEqual([200, 1]);
    const bad = await forwardConsoleRequest({ method: 'POST', path: '/v1/sentiment', apiKey: key, body: '{"texts": []}' }, api.url);
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('validation_failed');
    const wrongKey = await forwardConsoleRequest({ method: 'GET', path: '/v1/me', apiKey: 'sk_live_nope' }, api.url);
    expect(wrongKey.status).toBe(401);
  });

  it('refuses a body that is not JSON, naming the field', async () => {
    const err = await refusal({ method: 'POST', path: '/v1/events', apiKey: key, body: '{"events": [' });
    expect(err.code).toBe('validation_failed');
    expect(err.details).toEqual([expect.objectContaining({ path: 'body', message: expect.stringMatching(/^is not valid JSON/) })]);
  });

  it('refuses paths outside the public API, methods it does not know, and missing keys, naming each field', async () => {
    for (const path of ['https://evil.example/v1/me', '//evil.example/v1/me', '/v1/../admin', '/metrics', '/v1/me x']) {
      const err = await refusal({ method: 'GET', path, apiKey: key });
      expect(err.details?.map((d) => d.path), path).toEqual(['path']);
    }
    expect((await refusal({ method: 'TRACE', path: '/v1/me', apiKey: key })).details?.[0]?.path).toBe('method');
    expect((await refusal({ method: 'GET', path: '/v1/me', apiKey: ' ' })).details?.[0]).toMatchObject({ path: 'apiKey', message: 'Paste an API key' });
  });

  it('never echoes the key in its refusals', async () => {
    const secret = 'sk_live_' + 'x'.repeat(40) + '!';
    const err = await refusal({ method: 'GET', path: '/v1/me', apiKey: secret });
    expect(JSON.stringify(err.toBody())).not.toContain(secret);
  });

  it('says so when the API is not reachable', async () => {
    const err = await forwardConsoleRequest({ method: 'GET', path: '/v1/me', apiKey: key }, 'http://127.0.0.1:9').then(() => null, (e: unknown) => e);
    expect((err as AppError).code).toBe('unavailable');
  });
});
