import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import { workspaceNameSchema } from '@/services/auth/schemas';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from './require-membership';

export async function renameWorkspace(input: { workspaceId: string; actorUserId: string; name: string }) {
  const name = parseOrThrow(workspaceNameSchema, input.name);
  await requireMembership(input.actorUserId, input.workspaceId, 'admin');
  return db().$transaction(async (tx) => {
    const ws = await tx.workspace.update({ where: { id: input.workspaceId }, data: { name } });
    await recordAudit(tx, {
      workspaceId: ws.id,
      action: 'workspace.renamed',
      targetType: 'workspace',
      targetId: ws.id,
      actorUserId: input.actorUserId,
      metadata: { name },
    });
    return ws;
  });
}
