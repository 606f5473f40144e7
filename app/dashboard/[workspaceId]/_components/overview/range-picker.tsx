import Link from 'next/link';
import { RANGE_DAYS, type RangeDays } from '@/services/analytics/date-range';

/** 7 / 30 / 90 days as links (the range lives in the URL: `?range=`), the current one marked. */
export function RangePicker({ href, current, extra = {} }: { href: string; current: RangeDays; extra?: Record<string, string | undefined> }) {
  const to = (days: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    q.set('range', String(days));
    return `${href}?${q}`;
  };
  return (
    <nav aria-label="Date range" className="inline-flex rounded-lg border border-stone-200 bg-white p-0.5 text-sm" data-testid="range-picker">
      {RANGE_DAYS.map((d) => (
        <Link
          key={d}
          href={to(d)}
          aria-current={d === current ? 'page' : undefined}
          className={`rounded-md px-3 py-1 ${d === current ? 'bg-brand-50 font-medium text-brand-700' : 'text-stone-600 hover:bg-stone-100'}`}
        >
          {d} days
        </Link>
      ))}
    </nav>
  );
}
