import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { addDocument, addFileDocument } from '@/services/knowledge/add-document';
import { indexDocument } from '@/services/knowledge/index-document';
import { deleteDocument } from '@/services/knowledge/delete-document';
import { listDocuments } from '@/services/knowledge/list-documents';
import { getDocument } from '@/services/knowledge/get-document';
import { retrievePassages } from '@/services/knowledge/retrieve-passages';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { buildOwner } from '@/test/support/builders';
import { addIndexedDocument, loadEmbeddingModel, startTestSite, type TestSite } from '@/test/support/knowledge';
import { makePdf } from '@/test/support/pdf';

let site: TestSite;
beforeAll(async () => {
  await loadEmbeddingModel();
  const filler = 'Our rental desk lends tents, stoves and sleeping bags to members for weekend trips. '.repeat(3);
  site = await startTestSite({
    '/faq': { type: 'text/html; charset=utf-8', body: `<html><head><title>Rentals</title></head><body><nav>Home</nav><article><h1>Gear rental</h1><p>${filler}</p><h2>Deposit</h2><p>The rental deposit is 50 euros per item, refunded when the gear comes back clean.</p></article></body></html>` },
    '/moved': { status: 301, body: '', headers: { Location: '/faq' } },
    '/image.png': { type: 'image/png', body: new Uint8Array([137, 80, 78, 71]) },
    '/missing': { status: 404, type: 'text/plain', body: 'nope' },
    '/big': { type: 'text/plain', body: 'x'.repeat(11 * 1024 * 1024) },
  });
}, 240_000);
afterAll(async () => {
  await site?.close();
  await stopEmbeddingModel();
});

const chunksOf = (workspaceId: string, documentId: string) =>
  db().kbChunk.findMany({ where: { workspaceId, documentId }, orderBy: { idx: 'asc' }, select: { idx: true, heading: true, text: true, anchor: true, lexemes: true, headingLexemes: true, model: true } });

describe('indexing documents', () => {
  it('indexes Markdown into heading-aware chunks with lexemes and embeddings, and marks the document ready', async () => {
    const { workspace } = await buildOwner();
    const doc = await addDocument(workspace.id, { kind: 'markdown', title: 'Store policies', content: '# Policies\n\n## Returns\n\nYou may return shoes within 30 days.\n\n## Shipping\n\nParcels leave the warehouse every weekday.' });
    expect(doc).toMatchObject({ kind: 'markdown', title: 'Store policies', status: 'queued', chunks: 0, progress: 0 });
    // The job is enqueued with the document.
    const jobs = await db().$queryRaw<{ data: { documentId: string } }[]>`SELECT data FROM pgboss.job WHERE name = 'index-document' AND data->>'workspaceId' = ${workspace.id}`;
    expect(jobs.map((j) => j.data.documentId)).toEqual([doc.id]);

    expect(await indexDocument(workspace.id, doc.id)).toEqual({ status: 'ready', chunks: 2 });
    const after = await getDocument(workspace.id, doc.id);
    expect(after).toMatchObject({ status: 'ready', progress: 1, chunks: 2, error: null });
    expect(after.indexedAt).not.toBeNull();
    const chunks = await chunksOf(workspace.id, doc.id);
    expect(chunks.map((c) => [c.heading, c.text, c.anchor])).toEqual([
      ['Policies › Returns', 'You may return shoes within 30 days.', 'returns'],
      ['Policies › Shipping', 'Parcels leave the warehouse every weekday.', 'shipping'],
    ]);
    expect(chunks[0]!.lexemes).toEqual(expect.arrayContaining(['return', 'shoe', '30', 'day', 'polici', 'store']));
    expect(chunks[0]!.headingLexemes!.sort()).toEqual(['polici', 'return', 'store']);
    expect(chunks[0]!.model).toBe('local:cairn-glove-100d@1.0.0');
    const settings = await db().chatSettings.findUnique({ where: { workspaceId: workspace.id } });
    expect(settings!.kbVersion).toBe(1);
  });

  it('re-indexing replaces the chunks; deleting removes the document and its chunks and bumps the version', async () => {
    const { workspace } = await buildOwner();
    const { id } = await addIndexedDocument(workspace.id, { kind: 'text', title: 'Hours', content: 'We open at nine.\n\nWe close at five.' });
    expect(await indexDocument(workspace.id, id)).toEqual({ status: 'ready', chunks: 1 });
    expect(await chunksOf(workspace.id, id)).toHaveLength(1);
    expect((await retrievePassages(workspace.id, 'When do you open?')).passages).toHaveLength(1);
    await deleteDocument(workspace.id, id);
    expect(await chunksOf(workspace.id, id)).toHaveLength(0);
    expect(await listDocuments(workspace.id)).toEqual([]);
    expect((await db().chatSettings.findUnique({ where: { workspaceId: workspace.id } }))!.kbVersion).toBe(3);
    // The api's cached index follows the version: nothing is retrieved any more.
    expect((await retrievePassages(workspace.id, 'When do you open?')).passages).toHaveLength(0);
    await expect(deleteDocument(workspace.id, id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('indexes Q&A pairs one chunk per pair, and PDFs by page', async () => {
    const { workspace } = await buildOwner();
    const qa = await addIndexedDocument(workspace.id, { kind: 'qa', pairs: [{ question: 'Do you rent kayaks?', answer: 'Yes, from April to October.' }, { question: 'Can I bring my dog?', answer: 'Dogs are welcome on a leash.' }] });
    expect(qa.result).toEqual({ status: 'ready', chunks: 2 });
    expect((await getDocument(workspace.id, qa.id)).title).toBe('2 questions and answers');
    const pdf = await addFileDocument(workspace.id, {
      bytes: await makePdf([[{ heading: 'Safety' }, { line: 'Always wear a life jacket on the water.' }], [{ heading: 'Booking' }, { line: 'Book kayaks online up to a week ahead.' }]]),
      filename: 'kayak-guide.pdf',
    });
    expect(pdf).toMatchObject({ kind: 'pdf', title: 'kayak-guide' });
    expect(await indexDocument(workspace.id, pdf.id)).toEqual({ status: 'ready', chunks: 2 });
    expect((await chunksOf(workspace.id, pdf.id)).map((c) => [c.heading, c.anchor])).toEqual([
      ['Safety', 'page=1'],
      ['Booking', 'page=2'],
    ]);
  });

  it('marks unreadable documents failed with a message, without retrying', async () => {
    const { workspace } = await buildOwner();
    const broken = await addFileDocument(workspace.id, { bytes: new TextEncoder().encode('%PDF-1.4 this is not really a pdf'), filename: 'broken.pdf' });
    const result = await indexDocument(workspace.id, broken.id);
    expect(result.status).toBe('failed');
    expect(await getDocument(workspace.id, broken.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not be read/), chunks: 0 });
    const empty = await addDocument(workspace.id, { kind: 'html', content: '<script>only()</script><style>p{}</style>' });
    expect(await indexDocument(workspace.id, empty.id)).toEqual({ status: 'failed', chunks: 0, error: 'No text was found in this document' });
  });

  it('refuses file types it cannot parse and files that are too large', async () => {
    const { workspace } = await buildOwner();
    await expect(addFileDocument(workspace.id, { bytes: new Uint8Array([1, 2]), filename: 'photo.png', contentType: 'image/png' })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(addFileDocument(workspace.id, { bytes: new Uint8Array(10 * 1024 * 1024 + 1), filename: 'a.txt' })).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(addFileDocument(workspace.id, { bytes: new Uint8Array(0), filename: 'a.txt' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(addDocument(workspace.id, { kind: 'qa', pairs: [] })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'pairs' }] });
    await expect(addDocument(workspace.id, { kind: 'url', url: 'ftp://example.com/x' })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'url' }] });
    expect(await listDocuments(workspace.id)).toEqual([]);
  });
});

describe('URL documents', () => {
  it('fetch the page (following redirects), keep the readable text and take the page title', async () => {
    const { workspace } = await buildOwner();
    const { id, result } = await addIndexedDocument(workspace.id, { kind: 'url', url: `${site.origin}/moved` }, { allowPrivateUrls: true });
    expect(result).toEqual({ status: 'ready', chunks: 2 });
    const doc = await getDocument(workspace.id, id);
    expect(doc).toMatchObject({ title: 'Gear rental', sourceUrl: `${site.origin}/moved` });
    const chunks = await chunksOf(workspace.id, id);
    // The page's h1 is the document title: the heading path starts below it (shown as "Gear rental › Deposit").
    expect(chunks[1]).toMatchObject({ heading: 'Deposit', text: 'The rental deposit is 50 euros per item, refunded when the gear comes back clean.' });
    expect(chunks.some((c) => c.text.includes('Home'))).toBe(false);
  });

  it('fail with a clear message: private address, wrong content type, HTTP error, too large', async () => {
    const { workspace } = await buildOwner();
    const cases: [string, RegExp, boolean][] = [
      [`${site.origin}/faq`, /private address/, false],
      [`${site.origin}/image.png`, /Unsupported content type image\/png/, true],
      [`${site.origin}/missing`, /HTTP 404/, true],
      [`${site.origin}/big`, /larger than 10 MB/, true],
      ['http://127.0.0.1:9/nothing-listens', /could not be fetched: ECONNREFUSED/, true],
    ];
    for (const [url, message, allowPrivateUrls] of cases) {
      const { id, result } = await addIndexedDocument(workspace.id, { kind: 'url', url }, { allowPrivateUrls });
      expect(result.status, url).toBe('failed');
      expect((await getDocument(workspace.id, id)).error, url).toMatch(message);
    }
  });
});
