'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { signOut } from '@/auth';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { acceptInvitation } from '@/services/members/accept-invitation';

export async function acceptInvitationAction(token: string): Promise<ActionResult> {
  const userId = await requireUserId();
  const result = await runAction(() => acceptInvitation({ token, userId }));
  if (!result.ok) return result;
  revalidatePath('/dashboard', 'layout');
  redirect(`/dashboard/${result.data!.workspaceId}`);
}

/** Signs out and comes back here, to sign in with the invited address. */
export async function switchAccountAction(token: string): Promise<void> {
  await signOut({ redirectTo: `/signin?${new URLSearchParams({ callbackUrl: `/invite/${token}` })}` });
}
