import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/services/db/client';
import { newId } from '@/services/ids';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { emailSchema } from '@/services/auth/schemas';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { enqueue } from '@/services/jobs/enqueue';
import { sendEmailJob } from '@/services/mail/jobs';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const inviteSchema = z.strictObject({ email: emailSchema, role: z.enum(['owner', 'admin', 'member']) });

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Invites by link. The email with the link is enqueued in the same transaction as the invitation,
 * so neither exists without the other. Returns the link (shown to the inviter once).
 */
export async function inviteMember(input: { workspaceId: string; actorUserId: string; email: string; role: string }) {
  const data = parseOrThrow(inviteSchema, { email: input.email, role: input.role });
  const actor = await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  if (data.role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'Only owners can invite owners');
  const already = await db().membership.findFirst({
    where: { workspaceId: input.workspaceId, user: { email: data.email } },
  });
  if (already) throw new AppError('conflict', 'This person is already a member', [{ path: 'email', message: 'Already a member' }]);

  const token = randomBytes(24).toString('base64url');
  const link = `${env().PUBLIC_WEB_URL}/invite/${token}`;
  const invitation = await db().$transaction(async (tx) => {
    const inv = await tx.invitation.create({
      data: {
        workspaceId: input.workspaceId,
        id: newId('inv'),
        email: data.email,
        role: data.role,
        tokenHash: hashInvitationToken(token),
        invitedById: input.actorUserId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
      omit: { tokenHash: true },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      action: 'member.invited',
      targetType: 'invitation',
      targetId: inv.id,
      actorUserId: input.actorUserId,
      metadata: { email: data.email, role: data.role },
    });
    await enqueue(tx, sendEmailJob, {
      to: data.email,
      subject: `You are invited to ${actor.workspace.name} on Cairn`,
      text: `You have been invited to join the workspace "${actor.workspace.name}" as ${data.role}.\n\nAccept: ${link}\n\nThe link expires in 7 days.`,
    });
    return inv;
  });
  return { invitation, link };
}
