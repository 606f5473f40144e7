import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/services/db/client';

/** What a person did to their account, or to a workspace that no longer exists to log it. */
export type AccountAuditAction = 'password.reset' | 'password.changed' | 'workspace.deleted';

export interface AccountAuditEntry {
  userId: string;
  action: AccountAuditAction;
  targetType: 'user' | 'workspace';
  targetId?: string;
  metadata?: Prisma.InputJsonObject;
}

/**
 * Written in the caller's transaction. The table (AccountAuditLog) has no workspaceId and no
 * foreign keys on purpose: a deleted workspace's own AuditLog goes with it, this entry stays.
 */
export async function recordAccountAudit(tx: Tx, entry: AccountAuditEntry): Promise<void> {
  await tx.accountAuditLog.create({ data: { ...entry, metadata: entry.metadata ?? {} } });
}
