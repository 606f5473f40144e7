'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createRule, deleteRule } from '@/services/recommend/rules/manage-rules';

export type RuleState = ActionResult<{ id: string }> | null;

const LABELS = {
  name: 'Name',
  action: 'Action',
  condition: 'Condition',
  'condition.field': 'Field',
  'condition.key': 'Property name',
  'condition.op': 'Comparison',
  'condition.value': 'Value',
};

/** A form value as the rule's value: numbers and true / false typed, "quoted" text kept as text. */
function typedValue(field: string, raw: string): string | number | boolean {
  const v = raw.trim();
  if (field === 'price') return v === '' ? NaN : Number(v);
  if (field !== 'property') return v;
  if (/^".*"$/.test(v)) return v.slice(1, -1);
  if (v === 'true' || v === 'false') return v === 'true';
  return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

/** Adds a business rule (admins; the service checks the role and audits). */
export async function createRuleAction(workspaceId: string, _prev: RuleState, formData: FormData): Promise<RuleState> {
  const userId = await requireUserId();
  const field = String(formData.get('field') ?? '');
  const key = String(formData.get('key') ?? '').trim();
  const result = await runAction(async () => {
    const rule = await createRule(workspaceId, userId, {
      name: String(formData.get('name') ?? ''),
      action: String(formData.get('action') ?? '') as never,
      condition: { field, ...(field === 'property' ? { key } : {}), op: String(formData.get('op') ?? ''), value: typedValue(field, String(formData.get('value') ?? '')) } as never,
    });
    return { id: rule.id };
  }, { labels: LABELS });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}

/** Deletes a business rule (admins). */
export async function deleteRuleAction(workspaceId: string, ruleId: string): Promise<void> {
  const userId = await requireUserId();
  await deleteRule(workspaceId, userId, ruleId);
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
}
