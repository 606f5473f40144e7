import { db } from '@/services/db/client';

/** The end user's stored record (PUT /v1/users): traits and times; null when none was sent. Read-only. */
export async function getEndUser(workspaceId: string, id: string) {
  const row = await db().endUser.findUnique({
    where: { workspaceId_id: { workspaceId, id } },
    select: { id: true, traits: true, createdAt: true, updatedAt: true },
  });
  return row ? { ...row, traits: (row.traits ?? {}) as Record<string, unknown> } : null;
}
