import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatNumber } from '@/app/lib/format';
import { PageHeader, Section } from '@/components/ui/page-header';
import { tableClass, tdClass, thClass } from '@/components/ui/styles';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { METERS, METER_LABELS } from '@/services/metering/meters';
import { DailyChart, METER_COLORS } from './daily-chart';

export const metadata: Metadata = { title: 'Usage' };

export default async function UsagePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const summary = await getUsageSummary(workspace.id);
  const lastDay = new Date(summary.period.end.getTime() - 1);
  const total = METERS.reduce((s, m) => s + summary.meters[m], 0);

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
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-stone-200 bg-stone-50">
                <tr>
                  <th scope="row" className={`${tdClass} text-left font-semibold text-stone-900`}>Total</th>
                  <td className={`${tdClass} text-right font-semibold text-stone-900 tabular-nums`}>{formatNumber(total)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </Section>
        <Section title="Daily usage" description="All meters, stacked, per UTC day.">
          <DailyChart summary={summary} />
        </Section>
      </div>
    </>
  );
}
