'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { signOut } from '@/auth';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createWorkspace } from '@/services/workspaces/create-workspace';

/** Creates a workspace owned by the signed-in user and opens it. */
export async function createWorkspaceAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const userId = await requireUserId();
  const name = formData.get('name');
  const result = await runAction(() => createWorkspace({ name: typeof name === 'string' ? name : '', ownerUserId: userId }), { labels: { '(root)': 'Workspace name' } });
  if (!result.ok) return result;
  revalidatePath('/dashboard', 'layout');
  redirect(`/dashboard/${result.data!.id}`);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
