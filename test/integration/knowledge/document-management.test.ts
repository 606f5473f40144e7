// The knowledge base's document page (passages as indexed, edit in place, re-fetch, visibility)
// through the services its server actions call, and what a visitor sees after each change: the
// answers of POST /v1/chat and the citation page /kb/{workspace}/{document} of a real api server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';
import { AppError } from '@/services/errors/app-error';
import { getDocumentDetail } from '@/services/knowledge/document-detail';
import { indexDocument } from '@/services/knowledge/index-document';
import { refetchDocument, saveDocumentEdit, setDocumentVisibility } from '@/services/knowledge/manage-document';
import { startApiServer } from '@/test/support/api-server';
import { uniqueEmail, TEST_PASSWORD } from '@/test/support/builders';
import type { Api } from '@/test/support/catalog';
import { chat, chatTenant } from '@/test/support/chat';
import { addIndexedDocument, loadChatModels, startTestSite, stopChatModels } from '@/test/support/knowledge';

let api: Api;
beforeAll(async () => {
  await loadChatModels();
  api = await startApiServer();
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopChatModels();
});

type Tenant = Awaited<ReturnType<typeof chatTenant>>;

/** A second user in the tenant's workspace with the given role, and a stranger with a workspace of their own. */
async function people(t: Tenant) {
  const member = await signUp({ email: uniqueEmail('member'), name: 'Member', password: TEST_PASSWORD, workspaceName: 'Own' });
  await db().membership.create({ data: { workspaceId: t.workspaceId, userId: member.user.id, role: 'member' } });
  const stranger = await signUp({ email: uniqueEmail('stranger'), name: 'Stranger', password: TEST_PASSWORD, workspaceName: 'Elsewhere' });
  return { admin: t.owner.user.id, member: member.user.id, stranger: stranger.user.id, strangerWorkspace: stranger.workspace.id };
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const audits = (workspaceId: string, targetId: string) =>
  db().auditLog.findMany({ where: { workspaceId, targetId }, orderBy: { createdAt: 'asc' }, select: { action: true, actorUserId: true, targetType: true, metadata: true } });

const kbPage = async (workspaceId: string, documentId: string) => {
  const res = await api.request(`/kb/${workspaceId}/${documentId}`);
  return { status: res.status, body: await res.text() };
};

describe('the document page: passages as indexed', () => {
  it('shows metadata, the stored text and exactly the indexed passages (heading path, text, chunk number); another workspace gets 404', async () => {
    const t = await chatTenant([{ kind: 'markdown', title: 'Care guide', content: '# Care\n\n## Boots\n\nWax leather boots twice a season.\n\n## Tents\n\nDry a tent before storing it.' }]);
    const [id] = t.documentIds as [string];
    const detail = await getDocumentDetail(t.workspaceId, id);
    expect(detail.document).toMatchObject({ id, kind: 'markdown', title: 'Care guide', status: 'ready', visibility: 'public', version: 1, chunks: 2 });
    expect(detail.text).toContain('Wax leather boots');
    expect(detail.pairs).toBeNull();
    const stored = await db().kbChunk.findMany({ where: { workspaceId: t.workspaceId, documentId: id }, orderBy: { idx: 'asc' }, select: { idx: true, heading: true, text: true } });
    expect(detail.passages).toEqual(stored);
    expect(detail.passages.map((p) => p.text)).toEqual(['Wax leather boots twice a season.', 'Dry a tent before storing it.']);
    expect(detail.passages[0]!.heading).toMatch(/Boots$/);

    const qa = await addIndexedDocument(t.workspaceId, { kind: 'qa', pairs: [{ question: 'Do you ship to Norway?', answer: 'Yes, in 5 days.' }] });
    expect((await getDocumentDetail(t.workspaceId, qa.id)).pairs).toEqual([{ question: 'Do you ship to Norway?', answer: 'Yes, in 5 days.' }]);

    const other = await chatTenant([]);
    expect(await appError(getDocumentDetail(other.workspaceId, id))).toMatchObject({ code: 'not_found', status: 404 });
  });
});

describe('editing in place', () => {
  it('an admin edits a Markdown document: old passages go at once, the answer cites the new text as soon as it is indexed; audited, version +1', async () => {
    const t = await chatTenant([{ kind: 'markdown', title: 'Delivery', content: '# Delivery\n\nExpress delivery costs 12.95 euros and takes one day.' }]);
    const [id] = t.documentIds as [string];
    const who = await people(t);
    const before = await chat(api, t.secret, { message: 'How much does express delivery cost?' });
    expect(before.body.answer).toContain('12.95 euros');

    const saved = await saveDocumentEdit({ actorUserId: who.admin, workspaceId: t.workspaceId, documentId: id }, { title: 'Delivery', content: '# Delivery\n\nExpress delivery costs 7.50 euros and takes one day.' });
    expect(saved).toMatchObject({ status: 'queued', version: 2, chunks: 0 });
    // Nothing of the old text is cited any more, even before the new one is indexed.
    const during = await chat(api, t.secret, { message: 'How much does express delivery cost?' });
    expect(JSON.stringify(during.body)).not.toContain('12.95');

    expect(await indexDocument(t.workspaceId, id)).toEqual({ status: 'ready', chunks: 1 });
    const after = await chat(api, t.secret, { message: 'How much does express delivery cost?' });
    expect(after.body.answered).toBe(true);
    expect(after.body.answer).toContain('7.50 euros');
    expect(after.body.citations[0]).toMatchObject({ documentId: id, snippet: expect.stringContaining('7.50 euros') });
    expect((await getDocumentDetail(t.workspaceId, id)).passages.map((p) => p.text)).toEqual(['Express delivery costs 7.50 euros and takes one day.']);
    expect(await audits(t.workspaceId, id)).toEqual([{ action: 'kb_document.edited', actorUserId: who.admin, targetType: 'kb_document', metadata: { kind: 'text' } }]);
  });

  it('an admin edits Q&A pairs; the bot answers from the new pairs', async () => {
    const t = await chatTenant([{ kind: 'qa', title: 'Store FAQ', pairs: [{ question: 'Is the store open on Sundays?', answer: 'No, the store is closed on Sundays.' }] }]);
    const [id] = t.documentIds as [string];
    const who = await people(t);
    const pairs = [
      { question: 'Is the store open on Sundays?', answer: 'Yes, from 10 to 16 on Sundays.' },
      { question: 'Can I bring my dog?', answer: 'Dogs on a leash are welcome.' },
    ];
    expect(await saveDocumentEdit({ actorUserId: who.admin, workspaceId: t.workspaceId, documentId: id }, { title: '', pairs })).toMatchObject({ kind: 'qa', version: 2, title: '2 questions and answers' });
    expect((await getDocumentDetail(t.workspaceId, id)).pairs).toEqual(pairs);
    await indexDocument(t.workspaceId, id);
    const res = await chat(api, t.secret, { message: 'Is the store open on Sundays?' });
    expect(res.body.answer).toContain('from 10 to 16');
    expect((await audits(t.workspaceId, id)).map((a) => a.action)).toEqual(['kb_document.edited']);
  });

  it('members may not edit (403), strangers get 404, bad input names its field; nothing changes and nothing is audited', async () => {
    const t = await chatTenant([
      { kind: 'markdown', title: 'Hours', content: '# Hours\n\nWe open at nine.' },
      { kind: 'qa', title: 'FAQ', pairs: [{ question: 'Gift wrap?', answer: 'Yes, for free.' }] },
    ]);
    const [md, qa] = t.documentIds as [string, string];
    const who = await people(t);
    const on = (actorUserId: string, documentId = md) => ({ actorUserId, workspaceId: t.workspaceId, documentId });
    expect(await appError(saveDocumentEdit(on(who.member), { title: '', content: 'We open at ten.' }))).toMatchObject({ code: 'forbidden', status: 403 });
    expect(await appError(saveDocumentEdit(on(who.stranger), { title: '', content: 'We open at ten.' }))).toMatchObject({ code: 'not_found', status: 404 });
    // The stranger's own workspace does not reach this document either.
    expect(await appError(saveDocumentEdit({ actorUserId: who.stranger, workspaceId: who.strangerWorkspace, documentId: md }, { title: '', content: 'x' }))).toMatchObject({ code: 'not_found' });

    const bad: [Parameters<typeof saveDocumentEdit>[1], string, string][] = [
      [{ title: '', content: '  ' }, md, 'content'],
      [{ title: 'x'.repeat(301), content: 'Fine' }, md, 'title'],
      [{ title: '', pairs: [] }, qa, 'pairs'],
      [{ title: '', pairs: [{ question: 'Gift wrap?', answer: ' ' }] }, qa, 'pairs.0.answer'],
    ];
    for (const [input, documentId, path] of bad) {
      const err = await appError(saveDocumentEdit(on(who.admin, documentId), input));
      expect(err, path).toMatchObject({ code: 'validation_failed', status: 400 });
      expect(err.details?.[0]?.path).toBe(path);
    }
    // Text into a Q&A document and pairs into a Markdown one are refused.
    expect(await appError(saveDocumentEdit(on(who.admin, qa), { title: '', content: 'text' }))).toMatchObject({ code: 'bad_request' });
    expect(await appError(saveDocumentEdit(on(who.admin, md), { title: '', pairs: [{ question: 'a?', answer: 'b' }] }))).toMatchObject({ code: 'bad_request' });

    expect((await getDocumentDetail(t.workspaceId, md)).document).toMatchObject({ version: 1, status: 'ready', chunks: 1 });
    expect((await getDocumentDetail(t.workspaceId, qa)).pairs).toEqual([{ question: 'Gift wrap?', answer: 'Yes, for free.' }]);
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, targetType: 'kb_document' } })).toBe(0);
  });
});

describe('re-fetching a web page', () => {
  it('fetches the page again through the SSRF guard and indexes what it now says; audited; only admins, only web pages, only when idle', async () => {
    const routes: Parameters<typeof startTestSite>[0] = { '/returns': { type: 'text/html', body: '<h1>Returns</h1><p>Returns are accepted within 30 days.</p>' } };
    const site = await startTestSite(routes);
    try {
      const t = await chatTenant([{ kind: 'text', title: 'Notes', content: 'Nothing here.' }]);
      const who = await people(t);
      const page = await addIndexedDocument(t.workspaceId, { kind: 'url', url: `${site.origin}/returns` }, { allowPrivateUrls: true });
      expect(page.result.status).toBe('ready');
      const on = (actorUserId: string, documentId = page.id) => ({ actorUserId, workspaceId: t.workspaceId, documentId });
      routes['/returns'] = { type: 'text/html', body: '<h1>Returns</h1><p>Returns are accepted within 60 days.</p>' };

      expect(await appError(refetchDocument(on(who.member)))).toMatchObject({ code: 'forbidden' });
      expect(await appError(refetchDocument(on(who.stranger)))).toMatchObject({ code: 'not_found' });
      expect(await appError(refetchDocument(on(who.admin, t.documentIds[0]!)))).toMatchObject({ code: 'bad_request' });
      expect(await appError(refetchDocument(on(who.admin, 'kb_missing')))).toMatchObject({ code: 'not_found' });

      await refetchDocument(on(who.admin));
      expect((await getDocumentDetail(t.workspaceId, page.id)).document.status).toBe('queued');
      expect(await appError(refetchDocument(on(who.admin)))).toMatchObject({ code: 'conflict' });
      expect(await indexDocument(t.workspaceId, page.id, { allowedUrlRanges: ['127.0.0.0/8'] })).toEqual({ status: 'ready', chunks: 1 });
      expect((await getDocumentDetail(t.workspaceId, page.id)).passages.map((p) => p.text)).toEqual(['Returns are accepted within 60 days.']);
      expect(await audits(t.workspaceId, page.id)).toEqual([{ action: 'kb_document.refetched', actorUserId: who.admin, targetType: 'kb_document', metadata: { url: `${site.origin}/returns` } }]);

      // The guard as configured (no private ranges allowed): a loopback page is refused, not fetched.
      const requests = site.requests.length;
      await refetchDocument(on(who.admin));
      const refused = await indexDocument(t.workspaceId, page.id);
      expect(refused.status).toBe('failed');
      expect(site.requests.length).toBe(requests);
    } finally {
      await site.close();
    }
  });
});

describe('per-document visibility', () => {
  it('a private document answers, is cited by title only and is never served; public again, it is linked and served within its own workspace only', async () => {
    const t = await chatTenant([{ kind: 'markdown', title: 'Warranty', content: '# Warranty\n\nEvery tent has a lifetime warranty on seams and zips.' }]);
    const [id] = t.documentIds as [string];
    const who = await people(t);
    const other = await chatTenant([]);
    expect((await kbPage(t.workspaceId, id)).status).toBe(200);

    expect(await setDocumentVisibility({ actorUserId: who.admin, workspaceId: t.workspaceId, documentId: id }, { visibility: 'private' })).toMatchObject({ visibility: 'private' });
    const res = await chat(api, t.secret, { message: 'Is there a warranty on tents?' });
    expect(res.body.answered).toBe(true);
    expect(res.body.answer).toContain('lifetime warranty');
    expect(res.body.citations[0]).toMatchObject({ documentId: id, title: 'Warranty', url: null });
    const page = await kbPage(t.workspaceId, id);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('lifetime');
    const stored = await db().chatMessage.findFirst({ where: { workspaceId: t.workspaceId, role: 'bot' }, orderBy: { createdAt: 'desc' }, select: { citations: true } });
    expect(JSON.stringify(stored?.citations)).not.toContain('/kb/');

    await setDocumentVisibility({ actorUserId: who.admin, workspaceId: t.workspaceId, documentId: id }, { visibility: 'public' });
    const again = await chat(api, t.secret, { message: 'Is there a warranty on tents?' });
    expect(again.body.citations[0].url).toMatch(new RegExp(`/kb/${t.workspaceId}/${id}#c0$`));
    expect((await kbPage(t.workspaceId, id)).body).toContain('lifetime warranty');
    expect((await kbPage(other.workspaceId, id)).status).toBe(404);
    expect((await audits(t.workspaceId, id)).map((a) => [a.action, a.metadata])).toEqual([
      ['kb_document.visibility_changed', { from: 'public', to: 'private' }],
      ['kb_document.visibility_changed', { from: 'private', to: 'public' }],
    ]);
  });

  it('a private document with a source URL is not linked to it either', async () => {
    const t = await chatTenant([{ kind: 'markdown', title: 'Internal pricing', content: '# Pricing\n\nStaff discount on boots is 30 percent.', sourceUrl: 'https://intranet.example/pricing', visibility: 'private' }]);
    const res = await chat(api, t.secret, { message: 'What is the staff discount on boots?' });
    expect(res.body.answered).toBe(true);
    expect(res.body.citations[0]).toMatchObject({ title: 'Internal pricing', url: null });
    expect(JSON.stringify(res.body)).not.toContain('intranet.example');
  });

  it('the dashboard toggle: admins only, the field named on bad input, other workspaces 404', async () => {
    const t = await chatTenant([{ kind: 'text', title: 'Hours', content: 'We open at nine.' }]);
    const [id] = t.documentIds as [string];
    const who = await people(t);
    const on = (actorUserId: string, documentId = id) => ({ actorUserId, workspaceId: t.workspaceId, documentId });
    expect(await appError(setDocumentVisibility(on(who.member), { visibility: 'private' }))).toMatchObject({ code: 'forbidden' });
    expect(await appError(setDocumentVisibility(on(who.stranger), { visibility: 'private' }))).toMatchObject({ code: 'not_found' });
    expect(await appError(setDocumentVisibility({ actorUserId: who.stranger, workspaceId: who.strangerWorkspace, documentId: id }, { visibility: 'private' }))).toMatchObject({ code: 'not_found' });
    expect(await appError(setDocumentVisibility(on(who.admin, 'kb_missing'), { visibility: 'private' }))).toMatchObject({ code: 'not_found' });
    for (const input of [{ visibility: 'secret' }, {}, { visibility: 7 }]) {
      const err = await appError(setDocumentVisibility(on(who.admin), input));
      expect(err).toMatchObject({ code: 'validation_failed', status: 400 });
      expect(err.details?.[0]?.path).toBe('visibility');
    }
    expect((await getDocumentDetail(t.workspaceId, id)).document.visibility).toBe('public');
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, targetType: 'kb_document' } })).toBe(0);
  });

  it('the API takes visibility when adding and replacing (kept when left out), and names the field when it is wrong', async () => {
    const t = await chatTenant([]);
    const call = async (path: string, method: string, body: unknown) => {
      const res = await api.request(path, { method, key: t.secret, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      return { status: res.status, body: await res.json() };
    };
    const added = await call('/v1/knowledge/documents', 'POST', { kind: 'text', title: 'Staff notes', content: 'Close the till at six.', visibility: 'private' });
    expect(added).toMatchObject({ status: 202, body: { visibility: 'private', version: 1 } });
    const id = added.body.id as string;
    await indexDocument(t.workspaceId, id);
    const kept = await call(`/v1/knowledge/documents/${id}`, 'PUT', { kind: 'text', title: 'Staff notes', content: 'Close the till at seven.' });
    expect(kept).toMatchObject({ status: 202, body: { visibility: 'private', version: 2 } });
    await indexDocument(t.workspaceId, id);
    expect((await kbPage(t.workspaceId, id)).status).toBe(404);
    const opened = await call(`/v1/knowledge/documents/${id}`, 'PUT', { kind: 'text', content: 'Close the till at seven.', visibility: 'public' });
    expect(opened).toMatchObject({ status: 202, body: { visibility: 'public', version: 3 } });
    await indexDocument(t.workspaceId, id);
    expect((await kbPage(t.workspaceId, id)).body).toContain('Close the till at seven.');

    for (const [path, method] of [['/v1/knowledge/documents', 'POST'], [`/v1/knowledge/documents/${id}`, 'PUT']] as const) {
      const bad = await call(path, method, { kind: 'text', content: 'x', visibility: 'hidden' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'body.visibility' })] });
    }
  });
});
