import { formatNumber } from '@/app/lib/format';
import { SmallDayBars } from '@/components/charts/small-day-bars';
import type { MeterQuotaUsage } from '@/services/analytics/get-quota-usage';
import { METER_LABELS } from '@/services/metering/meters';

const share = (used: number, quota: number) => (quota > 0 ? `${((used / quota) * 100).toFixed(used / quota < 0.01 ? 2 : 0)}%` : '');

/** One small chart per meter: units used so far this period (cumulative) against the plan's quota line. */
export function QuotaCharts({ usage }: { usage: MeterQuotaUsage[] }) {
  return (
    <ul className="grid grid-cols-1 divide-y divide-stone-200 lg:grid-cols-5 lg:divide-x lg:divide-y-0" data-testid="quota-charts">
      {usage.map((m) => (
        <li key={m.meter} className="min-w-0 p-5" data-testid={`quota-${m.meter}`}>
          <p className="text-xs font-medium text-stone-500">{METER_LABELS[m.meter]}</p>
          <p className="mt-1 text-sm text-stone-700">
            <span className="text-xl font-semibold text-stone-900 tabular-nums" data-testid={`quota-${m.meter}-used`}>{formatNumber(m.used)}</span>{' '}
            of {formatNumber(m.quota)} <span className="text-stone-400">({share(m.used, m.quota)})</span>
          </p>
          <div className="mt-3">
            <SmallDayBars
              points={m.cumulative}
              ariaLabel={`${METER_LABELS[m.meter]}: ${formatNumber(m.used)} of ${formatNumber(m.quota)} included this period`}
              testId={`quota-chart-${m.meter}`}
              limit={{ value: m.quota, label: `quota ${formatNumber(m.quota)}` }}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
