import Link from 'next/link';
import { buttonClass, inputClass, labelClass } from '@/components/ui/styles';

export interface AuditFilterValues {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

/** Action names grouped by category (`api_key.created` under `api_key`). */
function byCategory(actions: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const category = a.split('.')[0]!;
    groups.set(category, [...(groups.get(category) ?? []), a]);
  }
  return groups;
}

/**
 * A plain GET form: the filters live in the URL, so a filtered view can be bookmarked or shared,
 * and it works before any script has loaded.
 */
export function AuditFilters({
  base,
  values,
  actions,
  people,
}: {
  base: string;
  values: AuditFilterValues;
  actions: string[];
  people: { id: string; label: string }[];
}) {
  const groups = byCategory(actions);
  return (
    <form method="get" action={base} className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
      <div>
        <label htmlFor="audit-action" className={labelClass}>
          Action type
        </label>
        <select id="audit-action" name="action" defaultValue={values.action ?? ''} className={`${inputClass} mt-1.5`}>
          <option value="">All actions</option>
          {[...groups].map(([category, list]) => (
            <optgroup key={category} label={category.replaceAll('_', ' ')}>
              <option value={category}>All {category.replaceAll('_', ' ')}</option>
              {list.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-actor" className={labelClass}>
          Member
        </label>
        <select id="audit-actor" name="actor" defaultValue={values.actor ?? ''} className={`${inputClass} mt-1.5`}>
          <option value="">Everyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-from" className={labelClass}>
          From
        </label>
        <input id="audit-from" name="from" type="date" defaultValue={values.from} className={`${inputClass} mt-1.5`} />
      </div>
      <div>
        <label htmlFor="audit-to" className={labelClass}>
          To
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={values.to} className={`${inputClass} mt-1.5`} />
      </div>
      <button type="submit" className={buttonClass('secondary')} data-testid="audit-filter">
        Filter
      </button>
      {values.action || values.actor || values.from || values.to ? (
        <Link href={base} className={buttonClass('ghost')}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
