'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { refetchDocument, saveDocumentEdit, setDocumentVisibility } from '@/services/knowledge/manage-document';
import { parseQaText } from '@/services/knowledge/qa-text';

export type DocumentActionState = ActionResult<{ message: string }> | null;

/** The editor's fields in the words the form uses. */
const LABELS = { title: 'Title', content: 'Text', pairs: 'Questions and answers', 'pairs.*.question': 'Question $1', 'pairs.*.answer': 'Answer $1' };

const field = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

async function act(workspaceId: string, documentId: string, fn: (actorUserId: string) => Promise<string>): Promise<DocumentActionState> {
  const actorUserId = await requireUserId();
  const result = await runAction(async () => ({ message: await fn(actorUserId) }), { labels: LABELS });
  revalidatePath(`/dashboard/${workspaceId}/knowledge/${encodeURIComponent(documentId)}`);
  revalidatePath(`/dashboard/${workspaceId}/knowledge`);
  return result;
}

/** Saves the editor: the text of a Markdown, text or HTML document, or Q&A pairs written as "Q: / A:" blocks. */
export async function saveDocumentAction(workspaceId: string, documentId: string, mode: 'text' | 'qa', _prev: DocumentActionState, formData: FormData): Promise<DocumentActionState> {
  return act(workspaceId, documentId, async (actorUserId) => {
    const who = { actorUserId, workspaceId, documentId };
    const title = field(formData, 'title');
    await (mode === 'qa' ? saveDocumentEdit(who, { title, pairs: parseQaText(field(formData, 'pairs')) }) : saveDocumentEdit(who, { title, content: field(formData, 'content') }));
    return 'Saved. The old passages are gone; the new text is being indexed.';
  });
}

export async function refetchDocumentAction(workspaceId: string, documentId: string): Promise<DocumentActionState> {
  return act(workspaceId, documentId, async (actorUserId) => {
    await refetchDocument({ actorUserId, workspaceId, documentId });
    return 'The page is being fetched and indexed again.';
  });
}

export async function setVisibilityAction(workspaceId: string, documentId: string, _prev: DocumentActionState, formData: FormData): Promise<DocumentActionState> {
  return act(workspaceId, documentId, async (actorUserId) => {
    const doc = await setDocumentVisibility({ actorUserId, workspaceId, documentId }, { visibility: field(formData, 'visibility') });
    return doc.visibility === 'private' ? 'Private: answers use it, citations name it without a link.' : 'Public: citations link to it.';
  });
}
