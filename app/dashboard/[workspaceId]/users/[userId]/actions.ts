'use server';

import { redirect } from 'next/navigation';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { eraseUser } from '@/services/catalog/erase-user';
import { idString } from '@/services/validation';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { z } from 'zod';

const input = z.strictObject({ userId: idString(200) });

/** GDPR erasure from the user page (admins): the same service as DELETE /v1/users/:id, audited with the member as actor. */
export async function eraseUserAction(workspaceId: string, endUserId: string): Promise<ActionResult<undefined>> {
  const actor = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(actor, workspaceId, 'admin');
    const { userId } = parseOrThrow(input, { userId: endUserId });
    await eraseUser(workspaceId, userId, { userId: actor });
    return undefined;
  }, { labels: { userId: 'User id' } });
  if (result.ok) redirect(`/dashboard/${workspaceId}/users?erased=1`);
  return result;
}
