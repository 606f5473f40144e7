import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { BROWSER_SCRIPTS, bundleScript } from '@/services/browser-scripts/bundle-script';

const bundleTracker = () => bundleScript('tracker');
const TRACKER_MAX_GZIP_BYTES = BROWSER_SCRIPTS.tracker.maxGzipBytes;

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe('GET /tracker.js', () => {
  it('is at most 3 KB gzipped', async () => {
    const bundle = await bundleTracker();
    expect(bundle.gzip.length).toBeLessThanOrEqual(TRACKER_MAX_GZIP_BYTES);
    expect(TRACKER_MAX_GZIP_BYTES).toBe(3072);
    expect(gunzipSync(bundle.gzip).toString()).toBe(bundle.code);
  });

  it('serves the minified script without a key, cacheable, with an ETag', async () => {
    const res = await api.request('/tracker.js', { headers: { 'Accept-Encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=86400/);
    expect(res.headers.get('content-encoding')).toBeNull();
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const code = await res.text();
    expect(code).toBe((await bundleTracker()).code);
    expect(code).toContain('/v1/events');
    expect(code.split('\n').length).toBeLessThanOrEqual(2); // minified

    const again = await api.request('/tracker.js', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('sends the gzipped bytes to clients that accept gzip', async () => {
    const res = await api.request('/tracker.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(await res.text()).toBe((await bundleTracker()).code); // fetch decodes it
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await (await api.request('/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/tracker.js');
  });
});
