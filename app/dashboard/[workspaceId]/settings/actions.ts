'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { renameWorkspace } from '@/services/workspaces/rename-workspace';

export async function renameWorkspaceAction(workspaceId: string, _prev: ActionResult<{ name: string }> | null, formData: FormData): Promise<ActionResult<{ name: string }>> {
  const actorUserId = await requireUserId();
  const name = formData.get('name');
  const result = await runAction(async () => {
    const ws = await renameWorkspace({ workspaceId, actorUserId, name: typeof name === 'string' ? name : '' });
    return { name: ws.name };
  }, { labels: { '(root)': 'Workspace name' } });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}`, 'layout');
  return result;
}
