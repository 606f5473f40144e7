// POST /v1/knowledge/files reads the raw body as a stream (issue 13, findings 7 and 9): no body or
// a JSON body is a 4xx in the error shape (it was a 500), the size limit holds while streaming
// (chunked bodies too), and what is accepted is stored whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { MAX_DOCUMENT_BYTES } from '@/services/knowledge/schemas';
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
afterAll(() => api.close());

const upload = async (init: RequestInit & { duplex?: 'half' }, query = '?filename=notes.md') => {
  const res = await api.request(`/v1/knowledge/files${query}`, { method: 'POST', key, ...init });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

/** A body of `total` bytes sent chunked (no Content-Length). */
const chunked = (total: number, piece = 64 * 1024) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      if (total <= 0) return controller.close();
      const n = Math.min(piece, total);
      total -= n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });

describe('POST /v1/knowledge/files', () => {
  it('no body, or a JSON body (null included): 400 or 415 in the error shape, never 500', async () => {
    const cases: [RequestInit, number, string][] = [
      [{}, 400, 'validation_failed'],
      [{ headers: { 'Content-Type': 'application/json' }, body: 'null' }, 415, 'unsupported_media_type'],
      [{ headers: { 'Content-Type': 'application/json' } }, 415, 'unsupported_media_type'],
      [{ headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }, 415, 'unsupported_media_type'],
      [{ headers: { 'Content-Type': 'text/markdown' } }, 400, 'validation_failed'],
      [{ headers: { 'Content-Type': 'text/markdown' }, body: '' }, 400, 'validation_failed'],
    ];
    for (const [init, status, code] of cases) {
      const res = await upload(init);
      expect(res.status, JSON.stringify(init)).toBe(status);
      expect(res.body, JSON.stringify(init)).toEqual({ error: { code, message: expect.any(String), ...(code === 'validation_failed' ? { details: expect.any(Array) } : {}) } });
    }
  });

  it('refuses a chunked body once it passes 10 MB (413) and stores nothing', async () => {
    const before = await db().kbDocument.count({ where: { workspaceId } });
    const res = await upload({ headers: { 'Content-Type': 'text/plain' }, body: chunked(MAX_DOCUMENT_BYTES + 100_000), duplex: 'half' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await db().kbDocument.count({ where: { workspaceId } })).toBe(before);
  });

  it('stores a chunked upload byte for byte, with its indexing job', async () => {
    const res = await upload({ headers: { 'Content-Type': 'text/markdown; charset=utf-8' }, body: chunked(3 * 1024 * 1024 + 7), duplex: 'half' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'markdown', title: 'notes', bytes: 3 * 1024 * 1024 + 7, status: 'queued' });
    const [row] = await db().$queryRaw<{ n: number; a: number }[]>`
      SELECT octet_length(source)::int AS n, length(replace(convert_from(source, 'UTF8'), 'a', ''))::int AS a
      FROM "KbDocument" WHERE "workspaceId" = ${workspaceId} AND id = ${res.body.id}`;
    expect(row).toEqual({ n: 3 * 1024 * 1024 + 7, a: 0 });
    const [job] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'documentId' = ${res.body.id}`;
    expect(job!.n).toBe(1);
  });
});
