'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { recordMemberChange } from '@/services/audit/record-member-change';
import { addDocument } from '@/services/knowledge/add-document';
import { deleteDocument } from '@/services/knowledge/delete-document';
import { reindexDocument } from '@/services/knowledge/reindex-document';
import { parseQaText } from '@/services/knowledge/qa-text';
import type { TriedQuestion } from '@/services/chat/try-question';

export type AddState = ActionResult<{ title: string }> | null;
export type TryState = ActionResult<TriedQuestion> | null;

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/** The add forms' fields in the words the forms use. */
const KB_LABELS = { title: 'Title', url: 'URL', content: 'Text', pairs: 'Q&A pairs', 'pairs.*.question': 'Question $1', 'pairs.*.answer': 'Answer $1' };

async function add(workspaceId: string, build: () => Parameters<typeof addDocument>[1]): Promise<AddState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const doc = await addDocument(workspaceId, build());
    await recordMemberChange({ workspaceId, action: 'kb_document.added', targetType: 'kb_document', targetId: doc.id, actorUserId: userId, metadata: { kind: doc.kind, title: doc.title } });
    return { title: doc.title };
  }, { labels: KB_LABELS });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/knowledge`);
  return result;
}

export async function addUrlAction(workspaceId: string, _prev: AddState, formData: FormData): Promise<AddState> {
  return add(workspaceId, () => ({ kind: 'url', url: text(formData, 'url').trim(), ...(text(formData, 'title').trim() ? { title: text(formData, 'title') } : {}) }));
}

export async function addQaAction(workspaceId: string, _prev: AddState, formData: FormData): Promise<AddState> {
  return add(workspaceId, () => ({ kind: 'qa', pairs: parseQaText(text(formData, 'pairs')), ...(text(formData, 'title').trim() ? { title: text(formData, 'title') } : {}) }));
}

export async function addTextAction(workspaceId: string, _prev: AddState, formData: FormData): Promise<AddState> {
  return add(workspaceId, () => ({ kind: 'markdown', content: text(formData, 'content'), ...(text(formData, 'title').trim() ? { title: text(formData, 'title') } : {}) }));
}

export async function deleteDocumentAction(workspaceId: string, documentId: string): Promise<ActionResult<void>> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    await deleteDocument(workspaceId, documentId);
    await recordMemberChange({ workspaceId, action: 'kb_document.deleted', targetType: 'kb_document', targetId: documentId, actorUserId: userId });
  });
  revalidatePath(`/dashboard/${workspaceId}/knowledge`);
  return result;
}

export async function reindexDocumentAction(workspaceId: string, documentId: string): Promise<void> {
  const userId = await requireUserId();
  await requireMembership(userId, workspaceId, 'admin');
  await reindexDocument(workspaceId, documentId);
  await recordMemberChange({ workspaceId, action: 'kb_document.reindexed', targetType: 'kb_document', targetId: documentId, actorUserId: userId });
  revalidatePath(`/dashboard/${workspaceId}/knowledge`);
}

/** "Try a question": the bot's retrieval and answer for a question, with scores; stores nothing. */
export async function tryQuestionAction(workspaceId: string, _prev: TryState, formData: FormData): Promise<TryState> {
  const actorUserId = await requireUserId();
  // Imported when used: the retrieval path (embedding model, index) stays out of every other action's module graph.
  const { tryQuestion } = await import('@/services/chat/try-question');
  return runAction(() => tryQuestion({ actorUserId, workspaceId }, { question: text(formData, 'question') }), { labels: { question: 'Question' } });
}
