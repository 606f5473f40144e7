import { Badge } from '@/components/ui/badge';
import { buttonClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import type { RecRuleView, RuleCondition } from '@/services/recommend/rules/schemas';
import { DiversityForm } from './diversity-form';
import { RuleForm } from './rule-form';
import { deleteRuleAction } from './rules-actions';

const OPS: Record<string, string> = { eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' };

/** A condition in words, e.g. `category = tents`, `property brand = "acme"`. */
export function describeCondition(c: RuleCondition): string {
  const what = c.field === 'property' ? `property ${c.key}` : c.field === 'id' ? 'item id' : c.field;
  return `${what} ${OPS[c.op]} ${typeof c.value === 'string' ? JSON.stringify(c.value) : String(c.value)}`;
}

/** The workspace's business rules: a table (delete for admins) and, for admins, the form to add one. */
export function RulesSection({ workspaceId, rules, isAdmin, maxPerCategory }: { workspaceId: string; rules: readonly RecRuleView[]; isAdmin: boolean; maxPerCategory: number | null }) {
  return (
    <>
      {rules.length === 0 ? (
        <p className="p-5 text-sm text-stone-600">No rules: lists are in ranking order.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass} data-testid="rules-table">
            <thead className="bg-stone-50">
              <tr>
                <th scope="col" className={thClass}>Name</th>
                <th scope="col" className={thClass}>Action</th>
                <th scope="col" className={thClass}>Items where</th>
                {isAdmin ? <th scope="col" className={thClass}><span className="sr-only">Delete</span></th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {rules.map((r) => (
                <tr key={r.id} data-testid="rule-row" data-rule-id={r.id}>
                  <td className={tdClass}>{r.name}</td>
                  <td className={tdClass}><Badge tone="amber">{r.action}</Badge></td>
                  <td className={`${tdClass} font-mono text-xs`}>{describeCondition(r.condition)}</td>
                  {isAdmin ? (
                    <td className={`${tdClass} text-right`}>
                      <form action={deleteRuleAction.bind(null, workspaceId, r.id)}>
                        <button type="submit" className={buttonClass('secondary')} aria-label={`Delete rule ${r.name}`}>Delete</button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin ? <RuleForm workspaceId={workspaceId} /> : null}
      {isAdmin ? (
        <DiversityForm workspaceId={workspaceId} current={maxPerCategory} />
      ) : (
        <p className="border-t border-stone-200 p-5 text-sm text-stone-600">{maxPerCategory ? `At most ${maxPerCategory} items per category in a list.` : 'No cap per category.'}</p>
      )}
    </>
  );
}
