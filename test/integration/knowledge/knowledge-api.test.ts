import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { indexDocument } from '@/services/knowledge/index-document';
import { BROWSER_SCRIPTS, bundleScript } from '@/services/browser-scripts/bundle-script';
import { startApiServer } from '@/test/support/api-server';
import { json, type Api } from '@/test/support/catalog';
import { loadEmbeddingModel } from '@/test/support/knowledge';
import { chatTenant, SHOP_ORIGIN } from '@/test/support/chat';
import { makePdf } from '@/test/support/pdf';

let api: Api;
beforeAll(async () => {
  await loadEmbeddingModel();
  api = await startApiServer();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopEmbeddingModel();
});

const call = async (path: string, init: RequestInit & { key?: string } = {}) => {
  const res = await api.request(path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};

describe('knowledge-base API', () => {
  it('adds text, Q&A and file documents (202), lists, gets and deletes them', async () => {
    const t = await chatTenant([]);
    const md = await call('/v1/knowledge/documents', { ...json('POST', { kind: 'markdown', title: 'FAQ', content: '# FAQ\n\nWe open at nine.' }), key: t.secret });
    expect(md.status).toBe(202);
    expect(md.body).toMatchObject({ id: expect.stringMatching(/^kb_/), kind: 'markdown', title: 'FAQ', status: 'queued', progress: 0, chunks: 0, error: null });
    const qa = await call('/v1/knowledge/documents', { ...json('POST', { kind: 'qa', pairs: [{ question: 'Dogs?', answer: 'Welcome.' }] }), key: t.secret });
    expect(qa.status).toBe(202);
    const pdf = await makePdf([[{ heading: 'Manual' }, { line: 'Charge the lamp for two hours.' }]]);
    const file = await call('/v1/knowledge/files?title=Lamp%20manual', { method: 'POST', key: t.secret, body: Buffer.from(pdf), headers: { 'Content-Type': 'application/pdf' } });
    expect(file.status).toBe(202);
    expect(file.body).toMatchObject({ kind: 'pdf', title: 'Lamp manual', bytes: pdf.byteLength });
    const text = await call('/v1/knowledge/files?filename=notes.txt', { method: 'POST', key: t.secret, body: 'Opening hours: nine to five.', headers: { 'Content-Type': 'text/plain' } });
    expect(text.body).toMatchObject({ kind: 'text', title: 'notes' });

    const list = await call('/v1/knowledge/documents', { key: t.secret });
    expect(list.body.documents.map((d: { id: string }) => d.id).sort()).toEqual([md.body.id, qa.body.id, file.body.id, text.body.id].sort());
    await indexDocument(t.workspaceId, file.body.id);
    expect((await call(`/v1/knowledge/documents/${file.body.id}`, { key: t.secret })).body).toMatchObject({ status: 'ready', progress: 1, chunks: 1 });
    const del = await call(`/v1/knowledge/documents/${file.body.id}`, { method: 'DELETE', key: t.secret });
    expect(del.status).toBe(204);
    expect((await call(`/v1/knowledge/documents/${file.body.id}`, { key: t.secret })).status).toBe(404);
    expect(await db().kbChunk.count({ where: { workspaceId: t.workspaceId, documentId: file.body.id } })).toBe(0);
  });

  it('refuses bad documents, unsupported and oversized files, publishable keys and other workspaces', async () => {
    const t = await chatTenant([]);
    const other = await chatTenant([]);
    const theirs = await call('/v1/knowledge/documents', { ...json('POST', { kind: 'text', content: 'secret plans' }), key: other.secret });
    const cases: [string, RequestInit & { key?: string }, number, string][] = [
      ['/v1/knowledge/documents', { ...json('POST', { kind: 'markdown' }), key: t.secret }, 400, 'validation_failed'],
      ['/v1/knowledge/documents', { ...json('POST', { kind: 'pdf', content: 'x' }), key: t.secret }, 400, 'validation_failed'],
      ['/v1/knowledge/documents', { ...json('POST', { kind: 'url', url: 'javascript:alert(1)' }), key: t.secret }, 400, 'validation_failed'],
      ['/v1/knowledge/documents', { ...json('POST', { kind: 'qa', pairs: [{ question: '', answer: 'x' }] }), key: t.secret }, 400, 'validation_failed'],
      ['/v1/knowledge/documents', { ...json('POST', '{"kind":'), key: t.secret }, 400, 'invalid_json'],
      ['/v1/knowledge/files', { method: 'POST', key: t.secret, body: new Uint8Array([1, 2, 3]), headers: { 'Content-Type': 'image/png' } }, 415, 'unsupported_media_type'],
      ['/v1/knowledge/files', { method: 'POST', key: t.secret, body: new Uint8Array(10 * 1024 * 1024 + 10), headers: { 'Content-Type': 'application/pdf' } }, 413, 'payload_too_large'],
      ['/v1/knowledge/files', { method: 'POST', key: t.secret, body: '', headers: { 'Content-Type': 'text/plain' } }, 400, 'validation_failed'],
      ['/v1/knowledge/files?sourceUrl=ftp://x', { method: 'POST', key: t.secret, body: 'x', headers: { 'Content-Type': 'text/plain' } }, 400, 'validation_failed'],
      ['/v1/knowledge/documents', { key: t.publishable, headers: { Origin: SHOP_ORIGIN } }, 403, 'forbidden'],
      ['/v1/knowledge/documents', {}, 401, 'unauthorized'],
      [`/v1/knowledge/documents/${theirs.body.id}`, { key: t.secret }, 404, 'not_found'],
      [`/v1/knowledge/documents/${theirs.body.id}`, { method: 'DELETE', key: t.secret }, 404, 'not_found'],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await call(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(res.body.error.code, `${init.method ?? 'GET'} ${path}`).toBe(code);
    }
    expect((await call('/v1/knowledge/documents', { key: t.secret })).body.documents).toEqual([]);
    expect((await call(`/v1/knowledge/documents/${theirs.body.id}`, { key: other.secret })).status).toBe(200);
  });
});

describe('GET /kb/:workspaceId/:documentId (cited documents)', () => {
  it('shows the extracted text with an anchor per passage, escaped, under a no-script CSP', async () => {
    const t = await chatTenant([{ kind: 'text', title: 'Tricky <b>title</b>', content: 'Safe line.\n\n<script>alert(1)</script> and <img src=x onerror=alert(2)>' }]);
    const res = await call(`/kb/${t.workspaceId}/${t.documentIds[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.body).toContain('<title>Tricky &lt;b&gt;title&lt;/b&gt;</title>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;');
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('<section id="c0">');
    expect((await call(`/kb/${t.workspaceId}/kb_missing`)).status).toBe(404);
    const other = await chatTenant([]);
    expect((await call(`/kb/${other.workspaceId}/${t.documentIds[0]}`)).status).toBe(404);
  });
});

describe('GET /widget.js', () => {
  it('is at most 15 KB gzipped, cacheable with an ETag, gzipped when accepted', async () => {
    const bundle = await bundleScript('widget');
    expect(BROWSER_SCRIPTS.widget.maxGzipBytes).toBe(15 * 1024);
    expect(bundle.gzip.length).toBeLessThanOrEqual(BROWSER_SCRIPTS.widget.maxGzipBytes);
    expect(gunzipSync(bundle.gzip).toString()).toBe(bundle.code);
    const res = await api.request('/widget.js', { headers: { 'Accept-Encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=86400/);
    const code = await res.text();
    expect(code).toBe(bundle.code);
    expect(code).toContain('/v1/chat');
    // Untrusted text goes in as text: the bundle never assigns innerHTML or outerHTML.
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    const again = await api.request('/widget.js', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const gz = await api.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });
});
