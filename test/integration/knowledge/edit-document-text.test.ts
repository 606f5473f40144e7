// The dashboard's "Edit" of a knowledge-base document: the service its server action calls (the
// action itself only checks the admin membership and maps the result to the form).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { addDocument, addFileDocument } from '@/services/knowledge/add-document';
import { editDocumentText, getDocumentText, MAX_EDIT_BYTES } from '@/services/knowledge/edit-document-text';
import { indexDocument } from '@/services/knowledge/index-document';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { buildOwner } from '@/test/support/builders';
import { addIndexedDocument, loadEmbeddingModel } from '@/test/support/knowledge';

beforeAll(async () => {
  await loadEmbeddingModel();
}, 240_000);
afterAll(async () => {
  await stopEmbeddingModel();
});

const chunkTexts = async (workspaceId: string, documentId: string) =>
  (await db().kbChunk.findMany({ where: { workspaceId, documentId }, orderBy: { idx: 'asc' }, select: { text: true } })).map((c) => c.text);

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('editing a document from the dashboard', () => {
  it('shows the stored text, replaces it (kind and source URL kept) and the new text is what gets indexed', async () => {
    const { workspace } = await buildOwner();
    const original = '# Returns\n\nYou may return shoes within 30 days. Ça va.';
    const { id } = await addIndexedDocument(workspace.id, { kind: 'markdown', title: 'Returns policy', content: original, sourceUrl: 'https://shop.example/help/returns' });
    const before = await getDocumentText(workspace.id, id);
    expect(before.text).toBe(original);
    expect(before.document).toMatchObject({ kind: 'markdown', title: 'Returns policy', status: 'ready' });
    expect(await chunkTexts(workspace.id, id)).toEqual(['You may return shoes within 30 days. Ça va.']);

    const edited = await editDocumentText(workspace.id, id, { title: ' Returns and refunds ', content: '# Returns\n\nYou may return shoes within 60 days.' });
    expect(edited).toMatchObject({ id, kind: 'markdown', title: 'Returns and refunds', status: 'queued', chunks: 0, sourceUrl: 'https://shop.example/help/returns' });
    // The old passages are gone at once, before the new text is indexed.
    expect(await chunkTexts(workspace.id, id)).toEqual([]);
    expect((await getDocumentText(workspace.id, id)).text).toBe('# Returns\n\nYou may return shoes within 60 days.');

    expect(await indexDocument(workspace.id, id)).toEqual({ status: 'ready', chunks: 1 });
    expect(await chunkTexts(workspace.id, id)).toEqual(['You may return shoes within 60 days.']);

    // An empty title takes it from the text again.
    expect(await editDocumentText(workspace.id, id, { title: '  ', content: 'Opening hours\n\nMonday to Friday.' })).toMatchObject({ title: 'Opening hours' });
  });

  it('refuses while the document is queued or indexing (409, worded for a person)', async () => {
    const { workspace } = await buildOwner();
    const doc = await addDocument(workspace.id, { kind: 'text', content: 'Gift wrapping costs 3 euros.' });
    const queued = await appError(editDocumentText(workspace.id, doc.id, { title: '', content: 'Gift wrapping is free.' }));
    expect(queued).toMatchObject({ code: 'conflict', status: 409 });
    expect(queued.message).toMatch(/still being indexed; try again when it is ready/);
    await db().kbDocument.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: doc.id } }, data: { status: 'indexing' } });
    expect(await appError(editDocumentText(workspace.id, doc.id, { title: '', content: 'Gift wrapping is free.' }))).toMatchObject({ code: 'conflict' });
    expect((await getDocumentText(workspace.id, doc.id)).text).toBe('Gift wrapping costs 3 euros.');
  });

  it("another workspace's document is not found, for reading and for editing, and stays as it was", async () => {
    const owner = await buildOwner();
    const other = await buildOwner();
    const { id } = await addIndexedDocument(owner.workspace.id, { kind: 'markdown', content: '# Hours\n\nWe open at 9.' });
    expect(await appError(getDocumentText(other.workspace.id, id))).toMatchObject({ code: 'not_found', status: 404 });
    expect(await appError(editDocumentText(other.workspace.id, id, { title: 'Mine now', content: 'Overwritten' }))).toMatchObject({ code: 'not_found' });
    expect(await appError(editDocumentText(owner.workspace.id, 'kb_doesnotexist', { title: '', content: 'x' }))).toMatchObject({ code: 'not_found' });
    const after = await getDocumentText(owner.workspace.id, id);
    expect(after.text).toBe('# Hours\n\nWe open at 9.');
    expect(after.document).toMatchObject({ status: 'ready', chunks: 1 });
  });

  it('empty, over-long or invalid text and titles are validation errors naming the field; nothing changes', async () => {
    const { workspace } = await buildOwner();
    const { id } = await addIndexedDocument(workspace.id, { kind: 'html', title: 'Sizes', content: '<h1>Sizes</h1><p>Our shoes run small.</p>' });
    const cases: [{ title: string; content: string }, string, RegExp][] = [
      [{ title: '', content: '' }, 'content', /^Text must not be empty/],
      [{ title: '', content: ' \n\t ' }, 'content', /^Text must not be empty/],
      [{ title: '', content: 'é'.repeat(MAX_EDIT_BYTES / 2 + 1) }, 'content', /^Text must be at most 900 KB/],
      [{ title: '', content: 'bad \u0000 byte' }, 'content', /^Text must not contain NUL/],
      [{ title: 'x'.repeat(301), content: 'Fine' }, 'title', /^Title must be at most 300 characters/],
    ];
    for (const [input, path, message] of cases) {
      const err = await appError(editDocumentText(workspace.id, id, input));
      expect(err).toMatchObject({ code: 'validation_failed', status: 400 });
      expect(err.message).toMatch(message);
      expect(err.details?.[0]?.path).toBe(path);
    }
    expect((await getDocumentText(workspace.id, id)).document).toMatchObject({ title: 'Sizes', status: 'ready', chunks: 1 });
  });

  it('PDF, web page and Q&A documents are not edited as text', async () => {
    const { workspace } = await buildOwner();
    const qa = await addDocument(workspace.id, { kind: 'qa', pairs: [{ question: 'Gift wrap?', answer: 'Yes.' }] });
    const pdf = await addFileDocument(workspace.id, { bytes: new TextEncoder().encode('%PDF-1.4 not really'), filename: 'manual.pdf' });
    for (const doc of [qa, pdf]) {
      await db().kbDocument.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: doc.id } }, data: { status: 'ready' } });
      expect((await getDocumentText(workspace.id, doc.id)).text).toBeNull();
      expect(await appError(editDocumentText(workspace.id, doc.id, { title: '', content: 'Some text' }))).toMatchObject({ code: 'bad_request' });
    }
    expect((await getDocumentText(workspace.id, qa.id)).document.kind).toBe('qa');
  });
});
