// @cairn/sdk against the real api process: typed calls for events, catalog, recommendations and
// sentiment; a refused request surfaces as a CairnApiError with the API's error code; and the
// committed types are what the api's code generates today, so the SDK cannot drift from the API.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnApiError, createCairnClient, type CairnClient } from '@/sdk/src/index';
import { buildOpenApiDocument, renderSdkSchema, SCHEMA_FILE } from '@/sdk/scripts/schema';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { env } from '@/services/config/env';
import { ensureSentimentModel } from '@/ml/sentiment/build';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';

let api: Awaited<ReturnType<typeof startApiProcess>>;
let client: CairnClient;
let key: string;

beforeAll(async () => {
  ensureGloveModel(path.join(env().MODELS_DIR, 'build', 'cairn-glove-100d'));
  ensureSentimentModel(path.join(env().MODELS_DIR, 'build', 'cairn-sentiment-cnn'));
  api = await startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), waitForModels: true });
  key = (await buildKey(await buildOwner())).key;
  client = createCairnClient({ apiKey: key, baseUrl: `${api.url}/` });
}, 300_000);
afterAll(async () => api?.stop());

describe('@cairn/sdk against the real api', () => {
  it('sends a catalog and events, then gets recommendations for the user', async () => {
    const items = await client.PUT('/v1/items', {
      body: { items: ['tent', 'stove', 'lamp'].map((id) => ({ id, title: `A ${id}`, categories: ['camping'], tags: [], available: true })) },
    });
    expect(items.data).toEqual({ created: 3, updated: 0 });

    const events = await client.POST('/v1/events', {
      body: {
        events: [
          { id: 'e1', type: 'view', userId: 'u1', itemId: 'tent' },
          { id: 'e2', type: 'purchase', userId: 'u2', itemId: 'stove', value: 30 },
          { id: 'e3', type: 'view', userId: 'u2', itemId: 'stove' },
        ],
      },
    });
    expect(events.data?.accepted).toBe(3);
    expect(events.response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);

    const recs = await client.POST('/v1/recommendations', { body: { userId: 'u1', limit: 2 } });
    expect(recs.response.status).toBe(200);
    expect(recs.data?.recommId).toEqual(expect.any(String));
    const ids = recs.data!.items.map((i) => i.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => ['tent', 'stove', 'lamp'].includes(id))).toBe(true);

    const popular = await client.GET('/v1/popular', { params: { query: { limit: 1 } } });
    expect(popular.data?.items).toHaveLength(1);
    expect(popular.data!.items[0]!.id).toBe('stove'); // the item with a purchase and a view
  });

  it('scores sentiment', async () => {
    const { data } = await client.POST('/v1/sentiment', { body: { texts: ['I love this, it works perfectly', 'Terrible. It broke on day one and support never answered.'] } });
    expect(data?.results.map((r) => r.label)).toEqual(['positive', 'negative']);
  });

  it('throws a CairnApiError with the code and the failing field for a bad request', async () => {
    const failure = await client.POST('/v1/sentiment', { body: { texts: [] } }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CairnApiError);
    const err = failure as CairnApiError;
    expect([err.status, err.code]).toEqual([400, 'validation_failed']);
    expect(err.details.map((d) => d.path)).toContain('body.texts');
    expect(err.requestId).toMatch(/^req_/);
  });

  it('without throwOnError, returns the typed error body; a bad key is unauthorized', async () => {
    const plain = createCairnClient({ apiKey: key, baseUrl: api.url, throwOnError: false });
    const { data, error, response } = await plain.GET('/v1/items/{id}', { params: { path: { id: 'no-such-item' } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe('not_found');

    const stranger = createCairnClient({ apiKey: 'sk_live_00000000000000000000000000000000', baseUrl: api.url });
    await expect(stranger.GET('/v1/me')).rejects.toMatchObject({ name: 'CairnApiError', status: 401, code: 'unauthorized' });
  });

  it('refuses to build a client without a key or a base URL', () => {
    expect(() => createCairnClient({ apiKey: '', baseUrl: api.url })).toThrow(/apiKey/);
    expect(() => createCairnClient({ apiKey: key, baseUrl: '' })).toThrow(/baseUrl/);
  });
});

describe('the committed SDK types', () => {
  it('match the OpenAPI document the api code generates (run `npm run sdk:generate` when this fails)', async () => {
    const generated = await renderSdkSchema(await buildOpenApiDocument());
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === generated, 'sdk/src/schema.d.ts is stale: run `npm run sdk:generate` and commit it').toBe(true);
  }, 60_000);

  it('the served document is the one the SDK is generated from', async () => {
    const served = await (await fetch(`${api.url}/v1/openapi.json`)).json();
    expect(await renderSdkSchema(served)).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  });
});
