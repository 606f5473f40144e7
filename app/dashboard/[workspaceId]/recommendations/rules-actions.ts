'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createRule, deleteRule } from '@/services/recommend/rules/manage-rules';
import { updateRecSettings } from '@/services/recommend/update-rec-settings';
import { eventFeed } from '@/services/recommend/serving/event-feed';
import { recordMemberChange } from '@/services/audit/record-member-change';
import { requireMembership } from '@/services/workspaces/require-membership';

export type RuleState = ActionResult<{ id: string }> | null;
export type DiversityState = ActionResult<{ maxPerCategory: number | null }> | null;

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

/** Sets the workspace's diversity default: at most N items per category in a list (empty: no cap). Admins; audited. */
export async function setDiversityAction(workspaceId: string, _prev: DiversityState, formData: FormData): Promise<DiversityState> {
  const userId = await requireUserId();
  const raw = String(formData.get('maxPerCategory') ?? '').trim();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const maxPerCategory = raw === '' ? null : Number(raw);
    await updateRecSettings(workspaceId, { maxPerCategory });
    await recordMemberChange({ workspaceId, action: 'rec_settings.updated', targetType: 'workspace', targetId: workspaceId, actorUserId: userId, metadata: { maxPerCategory } });
    await eventFeed.settingsChanged(workspaceId); // this process's previews at once; api processes on their next poll
    return { maxPerCategory };
  }, { labels: { maxPerCategory: 'Items per category' } });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}
