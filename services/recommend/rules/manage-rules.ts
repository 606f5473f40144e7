// Business rules of a workspace (dashboard, admins): create and delete (list-rules.ts lists). Each change bumps
// RecSettings.updatedAt in the same transaction, which is how serving learns to reload the rules,
// and is audited there too.
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { recordAudit } from '@/services/audit/record-audit';
import { randomBase62 } from '@/services/ids';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { eventFeed } from '../serving/event-feed';
import { MAX_RULES, ruleInputSchema, type RecRuleView, type RuleInput } from './schemas';

const touchSettings = (workspaceId: string) => ({
  where: { workspaceId },
  create: { workspaceId },
  update: { updatedAt: new Date() },
});

/** Adds a rule (admins; a non-member gets not_found). Serving in this process applies it before this returns. */
export async function createRule(workspaceId: string, actorUserId: string, input: RuleInput): Promise<RecRuleView> {
  await requireMembership(actorUserId, workspaceId, 'admin');
  const v = parseOrThrow(ruleInputSchema, input);
  const rule = await db().$transaction(async (tx) => {
    const count = await tx.recRule.count({ where: { workspaceId } });
    if (count >= MAX_RULES) throw new AppError('validation_failed', `A workspace has at most ${MAX_RULES} rules`, [{ path: 'name', message: `at most ${MAX_RULES} rules; delete one first` }]);
    const row = await tx.recRule.create({ data: { workspaceId, id: `rule_${randomBase62(12)}`, name: v.name, action: v.action, condition: v.condition } });
    await tx.recSettings.upsert(touchSettings(workspaceId));
    await recordAudit(tx, { workspaceId, action: 'rec_rule.created', targetType: 'rec_rule', targetId: row.id, actorUserId, metadata: { name: v.name, action: v.action, condition: v.condition } });
    return { id: row.id, name: row.name, action: v.action, condition: v.condition, createdAt: row.createdAt };
  });
  await eventFeed.settingsChanged(workspaceId); // other processes: their next poll
  return rule;
}

/** Deletes one rule of the workspace (admins); another workspace's rule id is a 404. */
export async function deleteRule(workspaceId: string, actorUserId: string, ruleId: string): Promise<void> {
  await requireMembership(actorUserId, workspaceId, 'admin');
  await db().$transaction(async (tx) => {
    const { count } = await tx.recRule.deleteMany({ where: { workspaceId, id: ruleId } });
    if (count === 0) throw notFound('Rule');
    await tx.recSettings.upsert(touchSettings(workspaceId));
    await recordAudit(tx, { workspaceId, action: 'rec_rule.deleted', targetType: 'rec_rule', targetId: ruleId, actorUserId });
  });
  await eventFeed.settingsChanged(workspaceId);
}
