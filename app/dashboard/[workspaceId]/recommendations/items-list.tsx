import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { linkClass } from '@/components/ui/styles';
import type { describeItems } from '@/services/recommend/describe-items';
import type { RankedItem } from '@/services/recommend/rank';
import { itemHref } from '../_components/events-table';

/** A preview list: rank, title, categories, why (and which business rule moved it), score. */
export function ItemsList({ items, base, info, ruleNames, testId }: { items: RankedItem[]; base: string; info: Awaited<ReturnType<typeof describeItems>>; ruleNames: ReadonlyMap<string, string>; testId: string }) {
  if (items.length === 0) return <EmptyState title="Nothing to recommend yet" />;
  return (
    <ol className="divide-y divide-stone-200" data-testid={testId}>
      {items.map((it, k) => {
        const d = info.get(it.id);
        return (
          <li key={it.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm" data-testid="rec-item" data-item-id={it.id}>
            <span className="min-w-0">
              <span className="mr-2 text-stone-400">{k + 1}.</span>
              <Link href={itemHref(base, it.id)} className={linkClass}>{d?.title ?? it.id}</Link>
              <span className="ml-2 text-xs text-stone-500">{d?.categories.join(', ')}</span>
            </span>
            <span className="flex shrink-0 items-center gap-2">
              {it.ruleId ? (
                <span data-testid="rule-badge" title="A business rule moved this item">
                  <Badge tone="amber">rule: {ruleNames.get(it.ruleId) ?? it.ruleId}</Badge>
                </span>
              ) : null}
              <Badge tone="neutral">{it.reason}</Badge>
              <span className="font-mono text-xs text-stone-500">{it.score.toFixed(3)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
