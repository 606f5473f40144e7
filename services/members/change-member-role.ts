import { z } from 'zod';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { requireMembership } from '@/services/workspaces/require-membership';
import { parseOrThrow } from '@/services/validation';
import type { Tx } from '@/services/db/client';

const roleSchema = z.enum(['owner', 'admin', 'member']);

async function assertNotLastOwner(tx: Tx, workspaceId: string, userId: string) {
  const owners = await tx.membership.findMany({ where: { workspaceId, role: 'owner' }, select: { userId: true } });
  if (owners.length === 1 && owners[0]!.userId === userId) {
    throw new AppError('conflict', 'A workspace needs at least one owner');
  }
}

/** Admins manage members; only owners grant or take away the owner role. */
export async function changeMemberRole(input: { workspaceId: string; actorUserId: string; userId: string; role: string }) {
  const role = parseOrThrow(roleSchema, input.role);
  const actor = await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  return db().$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
    });
    if (!target) throw new AppError('not_found', 'Member not found');
    if ((target.role === 'owner' || role === 'owner') && actor.role !== 'owner') {
      throw new AppError('forbidden', 'Only owners can grant or change the owner role');
    }
    if (target.role === 'owner' && role !== 'owner') await assertNotLastOwner(tx, input.workspaceId, input.userId);
    await tx.membership.update({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
      data: { role },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      action: 'member.role_changed',
      targetType: 'member',
      targetId: input.userId,
      actorUserId: input.actorUserId,
      metadata: { from: target.role, to: role },
    });
  });
}

/** Admins remove members (owners only by owners); anyone may leave; the last owner stays. */
export async function removeMember(input: { workspaceId: string; actorUserId: string; userId: string }) {
  const self = input.actorUserId === input.userId;
  const actor = await requireMembership(input.actorUserId, input.workspaceId, self ? 'member' : 'admin');
  return db().$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
    });
    if (!target) throw new AppError('not_found', 'Member not found');
    if (target.role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'Only owners can remove owners');
    if (target.role === 'owner') await assertNotLastOwner(tx, input.workspaceId, input.userId);
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      action: 'member.removed',
      targetType: 'member',
      targetId: input.userId,
      actorUserId: input.actorUserId,
      metadata: { role: target.role, self },
    });
  });
}
