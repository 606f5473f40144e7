import { db } from '@/services/db/client';
import { ruleConditionSchema, type RecRuleView, type RuleAction } from './schemas';

type Client = Pick<ReturnType<typeof db>, 'recRule'>;

/** The workspace's rules, oldest first (the order they apply in). A stored row that no longer parses is skipped. */
export async function listRules(workspaceId: string, client: Client = db()): Promise<RecRuleView[]> {
  const rows = await client.recRule.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const out: RecRuleView[] = [];
  for (const r of rows) {
    const condition = ruleConditionSchema.safeParse(r.condition);
    if (condition.success) out.push({ id: r.id, name: r.name, action: r.action as RuleAction, condition: condition.data, createdAt: r.createdAt });
  }
  return out;
}
