// Answers people can trust (issue 18's must-holds), through the real indexing and answer code and
// the public API: an edited or deleted document is never cited afterwards, answers carry no
// markup and keep steps whole, and retrieval never crosses workspaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { answerQuestion } from '@/services/chat/answer-question';
import { indexDocument } from '@/services/knowledge/index-document';
import { startApiServer } from '@/test/support/api-server';
import { json, type Api } from '@/test/support/catalog';
import { addIndexedDocument, loadEmbeddingModel } from '@/test/support/knowledge';
import { chatTenant } from '@/test/support/chat';
import { markupIn } from '@/test/support/markup';

const RESET_ARTICLE = `---
title: "Reset your Nano board"
id: 4403
---

import Tabs from '@theme/Tabs';

Resetting the **Nano** clears the running sketch.

## Reset the board

:::tip Before you start
Save your sketch, the reset erases it from the board.
:::

To reset the board:

1. Unplug the USB cable from the computer.
2. Press and hold the **RESET** button on the board.
3. Plug the cable back in while holding the button, then release it.

<!-- internal: screenshot missing -->
[![build](https://img.shields.io/badge/build-passing-green)](https://ci.example)
`;

const RETURNS_V1 = '# Returns\n\n## Return window\n\nYou can return an unused item within 30 days of delivery for a full refund.\n';
const RETURNS_V2 = '# Returns\n\n## Return window\n\nYou can return an unused item within 60 days of delivery for a full refund.\n';

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
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const ask = (workspaceId: string, q: string) => answerQuestion({ workspaceId, apiBaseUrl: 'http://localhost' }, q);

describe('answers people can trust', () => {
  it('answers steps whole from a real help-centre article, with no markup, citing it', async () => {
    const t = await chatTenant([]);
    const { id } = await addIndexedDocument(t.workspaceId, { kind: 'markdown', content: RESET_ARTICLE });
    const answer = await ask(t.workspaceId, 'my nano is stuck, how do i reset it??');
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/1\. Unplug the USB cable from the computer\. 2\. Press and hold the RESET button on the board\. 3\. Plug the cable back in/);
    expect(markupIn(answer.text)).toEqual([]);
    expect(answer.citations.map((c) => c.documentId)).toContain(id);
    expect(answer.citations[0]!.title).toBe('Reset your Nano board');
  });

  it('never cites an edited document’s old text, nor a deleted document; the edit API checks its input', async () => {
    const t = await chatTenant([]);
    const { id } = await addIndexedDocument(t.workspaceId, { kind: 'markdown', title: 'Returns', content: RETURNS_V1 });
    expect((await ask(t.workspaceId, 'within how many days can I return an item?')).text).toContain('30 days');

    const bad = await call(`/v1/knowledge/documents/${id}`, { ...json('PUT', { kind: 'markdown', content: '' }), key: t.secret });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('body.content');
    const edited = await call(`/v1/knowledge/documents/${id}`, { ...json('PUT', { kind: 'markdown', title: 'Returns', content: RETURNS_V2 }), key: t.secret });
    expect(edited.status).toBe(202);
    expect(edited.body).toMatchObject({ id, status: 'queued', chunks: 0 });
    // Before the new text is indexed: the old one is gone already.
    const between = await ask(t.workspaceId, 'within how many days can I return an item?');
    expect(between.text).not.toContain('30 days');
    expect(between.citations).toEqual([]);
    // A second edit while the first is queued: refused, nothing lost.
    expect((await call(`/v1/knowledge/documents/${id}`, { ...json('PUT', { kind: 'markdown', content: RETURNS_V1 }), key: t.secret })).status).toBe(409);
    await indexDocument(t.workspaceId, id);
    const after = await ask(t.workspaceId, 'within how many days can I return an item?');
    expect(after.text).toContain('60 days');
    expect(after.text).not.toContain('30 days');

    expect((await call(`/v1/knowledge/documents/${id}`, { method: 'DELETE', key: t.secret })).status).toBe(204);
    const gone = await ask(t.workspaceId, 'within how many days can I return an item?');
    expect(gone.answered).toBe(false);
    expect(gone.retrieval.passages.filter((p) => p.chunk.documentId === id)).toEqual([]);
  });

  it('keeps workspaces apart: retrieval, answers and edits', async () => {
    const a = await chatTenant([]);
    const b = await chatTenant([]);
    const { id } = await addIndexedDocument(a.workspaceId, { kind: 'markdown', title: 'Returns', content: RETURNS_V1 });
    await addIndexedDocument(b.workspaceId, { kind: 'markdown', title: 'Opening hours', content: '# Opening hours\n\n## Shop\n\nThe shop opens at nine and closes at five.\n' });
    const fromB = await ask(b.workspaceId, 'how many days do I have to return an item?');
    expect(fromB.text).not.toContain('30 days');
    expect(fromB.retrieval.passages.every((p) => p.chunk.documentId !== id)).toBe(true);
    expect((await call(`/v1/knowledge/documents/${id}`, { ...json('PUT', { kind: 'markdown', content: 'Taken over.' }), key: b.secret })).status).toBe(404);
    expect((await ask(a.workspaceId, 'how many days do I have to return an item?')).text).toContain('30 days');
  });
});
