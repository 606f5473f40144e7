'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { setConversationStatus } from '@/services/chat/set-conversation-status';

/** Any member of the workspace (agents) may resolve or reopen a conversation. */
export async function setStatusAction(workspaceId: string, conversationId: string, status: 'open' | 'resolved'): Promise<void> {
  const userId = await requireUserId();
  await requireMembership(userId, workspaceId);
  await setConversationStatus(workspaceId, conversationId, status);
  revalidatePath(`/dashboard/${workspaceId}/inbox`, 'layout');
}
