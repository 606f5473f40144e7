'use server';

import { redirect } from 'next/navigation';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { deleteWorkspace } from '@/services/workspaces/delete-workspace';

/** Deletes the workspace (owner, typed name), then opens the dashboard's index: another workspace or "create one". */
export async function deleteWorkspaceAction(workspaceId: string, _prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const actorUserId = await requireUserId();
  const confirmName = formData.get('confirmName');
  const done = await runAction(() => deleteWorkspace({ workspaceId, actorUserId, confirmName: typeof confirmName === 'string' ? confirmName : '' }), {
    labels: { confirmName: 'Workspace name' },
  });
  if (!done.ok) return done;
  redirect('/dashboard');
}
