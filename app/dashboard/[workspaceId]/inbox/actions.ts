'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { addConversationNote } from '@/services/chat/add-conversation-note';
import { assignConversation } from '@/services/chat/assign-conversation';
import { replyAsAgent } from '@/services/chat/reply-as-agent';
import { setConversationStatus } from '@/services/chat/set-conversation-status';

export type AgentFormState = ActionResult<unknown> | null;

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};
const refresh = (workspaceId: string) => revalidatePath(`/dashboard/${workspaceId}/inbox`, 'layout');

/** Any member (agents) may set the status: open, pending or resolved. */
export async function setStatusAction(workspaceId: string, conversationId: string, status: string): Promise<void> {
  const userId = await requireUserId();
  await setConversationStatus(workspaceId, conversationId, status, userId);
  refresh(workspaceId);
}

/** The status select of the conversation page (a form, so errors are shown beside it). */
export async function statusFormAction(workspaceId: string, conversationId: string, _prev: AgentFormState, formData: FormData): Promise<AgentFormState> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => setConversationStatus(workspaceId, conversationId, text(formData, 'status'), actorUserId), { labels: { status: 'Status' } });
  if (result.ok) refresh(workspaceId);
  return result;
}

/** An agent's reply to the visitor: the conversation becomes theirs and the bot goes quiet. */
export async function replyAction(workspaceId: string, conversationId: string, _prev: AgentFormState, formData: FormData): Promise<AgentFormState> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => replyAsAgent({ workspaceId, conversationId, actorUserId, reply: { text: text(formData, 'text') } }), { labels: { text: 'Reply' } });
  if (result.ok) refresh(workspaceId);
  return result;
}

/** An internal note: for the team only. */
export async function noteAction(workspaceId: string, conversationId: string, _prev: AgentFormState, formData: FormData): Promise<AgentFormState> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => addConversationNote({ workspaceId, conversationId, actorUserId, note: { text: text(formData, 'text') } }), { labels: { text: 'Note' } });
  if (result.ok) refresh(workspaceId);
  return result;
}

/** Assign to a member (the select's value) or, with "bot", hand back to the bot. */
export async function assignAction(workspaceId: string, conversationId: string, _prev: AgentFormState, formData: FormData): Promise<AgentFormState> {
  const actorUserId = await requireUserId();
  const value = text(formData, 'assigneeUserId');
  const result = await runAction(() => assignConversation({ workspaceId, conversationId, actorUserId, assignment: { assigneeUserId: value === 'bot' ? null : value } }), {
    labels: { assigneeUserId: 'Assignee' },
  });
  if (result.ok) refresh(workspaceId);
  return result;
}
