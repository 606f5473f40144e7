import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { seedDemoChat } from '@/services/demo/seed-demo-chat';
import { indexDocument } from '@/services/knowledge/index-document';
import { answerQuestion } from '@/services/chat/answer-question';
import { getChatSettings } from '@/services/chat/get-chat-settings';
import { resolveApiKey } from '@/services/api-keys/resolve-api-key';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { buildOwner } from '@/test/support/builders';
import { loadEmbeddingModel } from '@/test/support/knowledge';

beforeAll(async () => {
  await loadEmbeddingModel();
}, 240_000);
afterAll(() => stopEmbeddingModel());

describe('seedDemoChat', () => {
  it('queues the demo help centre for indexing and creates a widget key the dashboard may use; once', async () => {
    const { workspace } = await buildOwner();
    expect(await seedDemoChat(workspace.id)).toEqual({ skipped: false, documents: 2 });
    expect(await seedDemoChat(workspace.id)).toEqual({ skipped: true, documents: 0 });
    const docs = await db().kbDocument.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: 'asc' } });
    expect(docs.map((d) => [d.title, d.kind, d.status])).toEqual([
      ['Help centre', 'markdown', 'queued'],
      ['Frequent questions', 'qa', 'queued'],
    ]);
    const jobs = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'index-document' AND data->>'workspaceId' = ${workspace.id}`;
    expect(Number(jobs[0]!.n)).toBe(2);
    const { widgetKey } = await getChatSettings(workspace.id);
    expect(widgetKey!.allowedOrigins).toEqual([env().PUBLIC_WEB_URL]);
    expect(await resolveApiKey(widgetKey!.key)).toMatchObject({ workspaceId: workspace.id, type: 'publishable' });

    // Once the worker has indexed them, the demo questions are answered.
    for (const d of docs) expect((await indexDocument(workspace.id, d.id)).status).toBe('ready');
    const ctx = { workspaceId: workspace.id, apiBaseUrl: 'http://localhost:4000' };
    expect((await answerQuestion(ctx, 'How long does standard delivery take?')).text).toContain('2 to 4 working days');
    expect((await answerQuestion(ctx, 'Can I pay in instalments?')).text).toContain('Klarna');
    expect((await answerQuestion(ctx, 'Is there a student discount?')).text).toContain('10% off');
    expect((await answerQuestion(ctx, 'What is the capital of France?')).answered).toBe(false);
  });
});
