import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatNumber } from '@/app/lib/format';
import { PageHeader, Section } from '@/components/ui/page-header';
import { tableClass, tdClass, thClass } from '@/components/ui/styles';
import { getQuotaUsage } from '@/services/analytics/get-quota-usage';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { METERS, METER_LABELS } from '@/services/metering/meters';
import { QuotaCharts } from '../_components/overview/quota-charts';
import { METER_COLORS } from './daily-chart';

export const metadata: Metadata = { title: 'Usage' };

export default async function UsagePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const [summary, quota] = await Promise.all([getUsageSummary(workspace.id), getQuotaUsage(workspace.id, workspace.plan)]);
  const lastDay = new Date(summary.period.end.getTime() - 1);
  const included = Object.fromEntries(quota.map((q) => [q.meter, q.quota]));

  return (
    <>
      <PageHeader
        title="Usage"
        description={
          <>
            Current billing period: <span className="font-medium text-stone-800" data-testid="usage-period">{formatDate(summary.period.start)} – {formatDate(lastDay)}</span> (UTC).
            Units are recorded as the work happens.
          </>
        }
      />
      <div className="space-y-8">
        <Section title="Per meter">
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="usage-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Meter</th>
                  <th scope="col" className={`${thClass} text-right`}>Units this period</th>
                  <th scope="col" className={`${thClass} text-right`}>Included in the plan</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {METERS.map((m) => (
                  <tr key={m}>
                    <td className={tdClass}>
                      <span className="inline-flex items-center gap-2">
                        <span className={`size-2.5 rounded-sm ${METER_COLORS[m]}`} aria-hidden="true" />
                        <span className="font-medium text-stone-900">{METER_LABELS[m]}</span>
                        <code className="text-xs text-stone-400">{m}</code>
                      </span>
                    </td>
                    <td className={`${tdClass} text-right font-medium text-stone-900 tabular-nums`}>{formatNumber(summary.meters[m])}</td>
                    <td className={`${tdClass} text-right text-stone-600 tabular-nums`}>{formatNumber(included[m] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
        {/* One chart per meter: units of different meters are never added up or stacked. */}
        <Section title="Against your quota" description="Units used so far this period, per meter and UTC day (cumulative), with the plan's included units as a dashed line.">
          <div data-testid="usage-chart">
            <QuotaCharts usage={quota} />
          </div>
        </Section>
      </div>
    </>
  );
}
