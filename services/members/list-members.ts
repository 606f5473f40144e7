import { db } from '@/services/db/client';

export async function listMembers(workspaceId: string) {
  const rows = await db().membership.findMany({
    where: { workspaceId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ ...m.user, role: m.role, joinedAt: m.createdAt }));
}

export async function listPendingInvitations(workspaceId: string) {
  return db().invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    omit: { tokenHash: true },
    orderBy: { createdAt: 'desc' },
  });
}
