// "Try a question" on the knowledge-base page: the bot's real retrieval and extractive answer with
// each passage's scores, for any member, storing and metering nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';
import { AppError } from '@/services/errors/app-error';
import { tryQuestion } from '@/services/chat/try-question';
import { workspaceMinRelevance } from '@/services/chat/workspace-bot';
import { setDocumentVisibility } from '@/services/knowledge/manage-document';
import { TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { chatTenant } from '@/test/support/chat';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';

beforeAll(async () => {
  await loadChatModels();
}, 240_000);
afterAll(async () => {
  await stopChatModels();
});

const stored = async (workspaceId: string) => ({
  conversations: await db().conversation.count({ where: { workspaceId } }),
  messages: await db().chatMessage.count({ where: { workspaceId } }),
  usage: await db().usageRecord.count({ where: { workspaceId } }),
});

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('try a question', () => {
  it('shows the retrieved passages with their scores and whether the bot would answer; stores and meters nothing', async () => {
    const t = await chatTenant();
    const who = { actorUserId: t.owner.user.id, workspaceId: t.workspaceId };
    const before = await stored(t.workspaceId);

    const covered = await tryQuestion(who, { question: '  How much does express delivery cost?  ' });
    expect(covered.question).toBe('How much does express delivery cost?');
    expect(covered.threshold).toBe(await workspaceMinRelevance(t.workspaceId));
    expect(covered.answered).toBe(true);
    expect(covered.semantic).toBe(true);
    expect(covered.answer).toContain('12.95 euros');
    expect(covered.citations[0]).toMatchObject({ documentId: t.documentIds[0], url: expect.stringContaining(`/kb/${t.workspaceId}/`) });
    expect(covered.passages.length).toBeGreaterThan(1);
    expect(covered.passages[0]).toMatchObject({ documentId: t.documentIds[0], documentTitle: 'Help centre', documentPrivate: false, text: expect.stringContaining('12.95') });
    expect(covered.passages[0]!.relevance).toBeGreaterThanOrEqual(covered.threshold);
    // Best first, every score a number in range.
    const relevances = covered.passages.map((p) => p.relevance);
    expect(relevances).toEqual([...relevances].sort((a, b) => b - a));
    for (const p of covered.passages) {
      expect(p.relevance).toBeGreaterThanOrEqual(0);
      expect(p.relevance).toBeLessThanOrEqual(1);
      expect(p.coverage).toBeGreaterThanOrEqual(0);
      expect(typeof p.cosine).toBe('number');
    }

    const offTopic = await tryQuestion(who, { question: 'Who won the football world cup in 1998?' });
    expect(offTopic.answered).toBe(false);
    expect(offTopic.answer).toBe('');
    expect(offTopic.citations).toEqual([]);
    expect(offTopic.passages.every((p) => p.relevance < offTopic.threshold)).toBe(true);

    expect(await stored(t.workspaceId)).toEqual(before);
  });

  it('a private document still answers; its passages are flagged and its citation has no url', async () => {
    const t = await chatTenant();
    const who = { actorUserId: t.owner.user.id, workspaceId: t.workspaceId };
    await setDocumentVisibility({ ...who, documentId: t.documentIds[0]! }, { visibility: 'private' });
    const res = await tryQuestion(who, { question: 'How much does express delivery cost?' });
    expect(res.answered).toBe(true);
    expect(res.passages[0]!.documentPrivate).toBe(true);
    expect(res.citations[0]).toMatchObject({ title: 'Help centre', url: null });
  });

  it('members may try; strangers get 404; only this workspace is searched; bad questions name the field', async () => {
    const t = await chatTenant();
    const other = await chatTenant([{ kind: 'markdown', title: 'Secret', content: '# Secret\n\nThe vault code is 4711.' }]);
    const member = await signUp({ email: uniqueEmail('member'), name: 'Member', password: TEST_PASSWORD, workspaceName: 'Own' });
    await db().membership.create({ data: { workspaceId: t.workspaceId, userId: member.user.id, role: 'member' } });
    expect((await tryQuestion({ actorUserId: member.user.id, workspaceId: t.workspaceId }, { question: 'Do you ship to Canada?' })).passages.length).toBeGreaterThan(0);

    expect(await appError(tryQuestion({ actorUserId: member.user.id, workspaceId: other.workspaceId }, { question: 'What is the vault code?' }))).toMatchObject({ code: 'not_found', status: 404 });
    const own = await tryQuestion({ actorUserId: t.owner.user.id, workspaceId: t.workspaceId }, { question: 'What is the vault code?' });
    expect(JSON.stringify(own)).not.toContain('4711');

    for (const input of [{ question: '' }, { question: '   ' }, { question: 'x'.repeat(1001) }, { question: 'nul \u0000' }, {}, { question: 42 }]) {
      const err = await appError(tryQuestion({ actorUserId: t.owner.user.id, workspaceId: t.workspaceId }, input));
      expect(err, JSON.stringify(input)).toMatchObject({ code: 'validation_failed', status: 400 });
      expect(err.details?.[0]?.path).toBe('question');
    }
  });
});
