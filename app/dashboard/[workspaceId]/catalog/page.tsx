import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, inputClass, labelClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { browseItems } from '@/services/catalog/browse-items';
import { listCategories } from '@/services/catalog/list-categories';
import { itemHref } from '../_components/events-table';
import { formatPrice } from '../_components/format-price';
import { SendDataHelp } from '../_components/send-data-help';

export const metadata: Metadata = { title: 'Catalog' };

const PAGE_SIZE = 50;
const param = (v: string | string[] | undefined) => {
  const s = firstParam(v)?.trim();
  return s && s.length <= 200 ? s : undefined;
};

export default async function CatalogPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const q = param(sp.q);
  const category = param(sp.category);
  const cursor = param(sp.cursor);
  const [page, categories] = await Promise.all([
    browseItems(workspace.id, { q, category, cursor, limit: PAGE_SIZE }),
    listCategories(workspace.id),
  ]);
  const base = `/dashboard/${workspace.id}`;
  const href = (extra: Record<string, string | undefined>) => {
    const s = new URLSearchParams(Object.entries({ q, category, ...extra }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
    return s ? `${base}/catalog?${s}` : `${base}/catalog`;
  };
  const empty = page.items.length === 0 && !q && !category && !cursor && categories.length === 0;

  return (
    <>
      <PageHeader title="Catalog" description="The items you sent with PUT /v1/items, in id order. Deleted items stay listed, marked, and are never recommended." />
      {empty ? (
        <Section>
          <SendDataHelp base={base} kind="items" title="No items yet" />
        </Section>
      ) : (
        <>
          <Section>
            <form method="get" action={`${base}/catalog`} className="grid grid-cols-1 gap-3 border-b border-stone-200 px-5 py-4 sm:grid-cols-[2fr_1fr_auto] sm:items-end" data-testid="catalog-filters">
              <div>
                <label htmlFor="catalog-q" className={labelClass}>Search</label>
                <input id="catalog-q" name="q" type="search" defaultValue={q ?? ''} placeholder="Words in title or description" className={`${inputClass} mt-1.5`} />
              </div>
              <div>
                <label htmlFor="catalog-category" className={labelClass}>Category</label>
                <select id="catalog-category" name="category" defaultValue={category ?? ''} className={`${inputClass} mt-1.5`}>
                  <option value="">All categories</option>
                  {categories.map((c) => (
                    <option key={c.category} value={c.category}>
                      {c.category} ({c.count})
                    </option>
                  ))}
                  {category && !categories.some((c) => c.category === category) ? <option value={category}>{category}</option> : null}
                </select>
              </div>
              <div className="flex gap-2">
                <button type="submit" className={buttonClass('primary')} data-testid="catalog-search">Search</button>
                {q || category ? <Link href={`${base}/catalog`} className={buttonClass('ghost')}>Clear</Link> : null}
              </div>
            </form>
            {page.items.length === 0 ? (
              <EmptyState title={cursor ? 'No more items' : 'No items match'}>Search looks for whole words in titles and descriptions.</EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className={tableClass} data-testid="catalog-table">
                  <thead className="bg-stone-50">
                    <tr>
                      <th scope="col" className={thClass}>Item</th>
                      <th scope="col" className={thClass}>Categories</th>
                      <th scope="col" className={`${thClass} text-right`}>Price</th>
                      <th scope="col" className={thClass}>Status</th>
                      <th scope="col" className={thClass}>Updated</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-200">
                    {page.items.map((item) => (
                      <tr key={item.id} data-testid="catalog-row" className={item.deletedAt ? 'bg-stone-50/60' : undefined}>
                        <td className={tdClass}>
                          <Link href={itemHref(base, item.id)} className={`${linkClass} ${item.deletedAt ? 'line-through decoration-stone-400' : ''}`}>
                            {item.title || item.id}
                          </Link>
                          <p className="font-mono text-xs text-stone-500">{item.id}</p>
                        </td>
                        <td className={tdClass}>
                          <span className="flex flex-wrap gap-1">
                            {item.categories.map((c) => (
                              <Link key={c} href={href({ category: c, q: undefined })} className="rounded-md bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700 hover:bg-stone-200">
                                {c}
                              </Link>
                            ))}
                          </span>
                        </td>
                        <td className={`${tdClass} text-right whitespace-nowrap tabular-nums`}>{formatPrice(item.price, item.currency)}</td>
                        <td className={tdClass}>
                          {item.deletedAt ? (
                            <Badge tone="red">Deleted</Badge>
                          ) : item.available ? (
                            <Badge tone="brand">Available</Badge>
                          ) : (
                            <Badge tone="amber">Unavailable</Badge>
                          )}
                        </td>
                        <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatDate(new Date(item.updatedAt))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>
          <nav aria-label="Catalog pages" className="mt-4 flex justify-end gap-2">
            {cursor ? <Link href={href({})} className={buttonClass('secondary', 'sm')}>First page</Link> : null}
            {page.nextCursor ? (
              <Link href={href({ cursor: page.nextCursor })} className={buttonClass('secondary', 'sm')} data-testid="next-items">
                Next items →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
