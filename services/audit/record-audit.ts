import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/services/db/client';

/** Security-relevant actions; the audit page filters on these names. */
export type AuditAction =
  | 'workspace.created'
  | 'workspace.renamed'
  | 'workspace.exported'
  // Dashboard changes recorded by their server actions (record-member-change.ts).
  | 'kb_document.added'
  | 'kb_document.deleted'
  | 'kb_document.reindexed'
  | 'import.started'
  | 'training.requested'
  | 'rec_settings.updated'
  | 'ab_test.updated'
  | 'bot_test_case.created'
  | 'bot_test_case.updated'
  | 'bot_test_case.deleted'
  | 'bot_test_run.started'
  | 'widget_settings.updated'
  | 'widget_sites.updated'
  | 'widget_identity.changed'
  | 'billing.portal_opened'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'member.invited'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.removed'
  | 'invitation.revoked'
  | 'end_user.erased'
  | 'end_user.merged'
  | 'end_user.exported'
  | 'privacy_settings.updated'
  | 'retention.applied'
  | 'billing.checkout_started'
  | 'billing.plan_changed'
  | 'billing.payment_failed'
  | 'account.locked'
  | 'conversations.exported'
  | 'kb_document.edited'
  | 'kb_document.refetched'
  | 'kb_document.visibility_changed'
  | 'kb_crawl_source.created'
  | 'kb_crawl_source.deleted'
  | 'bot_settings.updated'
  | 'bot_settings.llm_key_set'
  | 'rec_rule.created'
  | 'rec_rule.deleted'
  | 'bot_settings.llm_key_cleared'
  | 'conversation.replied'
  | 'conversation.note_added'
  | 'conversation.assigned'
  | 'conversation.handed_back'
  | 'conversation.status_changed'
  | 'handoff_webhook.updated';

export interface AuditEntry {
  workspaceId: string;
  action: AuditAction;
  targetType: 'workspace' | 'user' | 'api_key' | 'member' | 'invitation' | 'end_user' | 'subscription' | 'kb_document' | 'kb_crawl_source' | 'rec_rule' | 'conversation' | 'bot_test_case' | 'bot_test_run' | 'import' | 'model';
  targetId?: string;
  actorUserId?: string;
  actorKeyId?: string;
  metadata?: Prisma.InputJsonObject;
}

/** Written in the caller's transaction, so an action and its audit line commit together. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: { ...entry, metadata: entry.metadata ?? {} } });
}
