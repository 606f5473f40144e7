import { db } from '@/services/db/client';

export async function listWorkspacesForUser(userId: string) {
  const rows = await db().membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, plan: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ ...m.workspace, role: m.role }));
}
