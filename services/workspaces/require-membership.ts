import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { hasRole, type Role } from './roles';

/**
 * The membership of a user in a workspace, or not_found: a workspace the user does not belong to
 * must look exactly like one that does not exist. forbidden when the role is too low.
 */
export async function requireMembership(userId: string, workspaceId: string, minRole: Role = 'member') {
  const membership = await db().membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    include: { workspace: true },
  });
  if (!membership) throw new AppError('not_found', 'Workspace not found');
  if (!hasRole(membership.role, minRole)) {
    throw new AppError('forbidden', `This action needs the ${minRole} role or higher`);
  }
  return membership;
}
