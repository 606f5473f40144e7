import { db, type Tx } from '@/services/db/client';
import { newId } from '@/services/ids';
import { recordAudit } from '@/services/audit/record-audit';
import { workspaceNameSchema } from '@/services/auth/schemas';
import { parseOrThrow } from '@/services/validation';

export async function createWorkspaceInTx(tx: Tx, input: { name: string; ownerUserId: string }) {
  const name = parseOrThrow(workspaceNameSchema, input.name);
  const workspace = await tx.workspace.create({ data: { id: newId('ws'), name } });
  await tx.membership.create({ data: { workspaceId: workspace.id, userId: input.ownerUserId, role: 'owner' } });
  await recordAudit(tx, {
    workspaceId: workspace.id,
    action: 'workspace.created',
    targetType: 'workspace',
    targetId: workspace.id,
    actorUserId: input.ownerUserId,
    metadata: { name },
  });
  return workspace;
}

/** A new workspace owned by an existing user. */
export function createWorkspace(input: { name: string; ownerUserId: string }) {
  return db().$transaction((tx) => createWorkspaceInTx(tx, input));
}
