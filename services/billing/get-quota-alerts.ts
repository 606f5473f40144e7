import { db } from '@/services/db/client';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { METERS, type Meter } from '@/services/metering/meters';
import { billingPeriod } from './billing-period';
import { planOf, type Plan } from './plans';

export interface QuotaAlert {
  meter: Meter;
  used: number;
  included: number;
  /** 80%: approaching; 100%: reached (Free stops; paid plans bill overage). */
  level: 80 | 100;
}

/** Meters at 80% or more of the plan's included units this period, and a failed payment. */
export async function getQuotaAlerts(workspaceId: string): Promise<{ plan: Plan; alerts: QuotaAlert[]; paymentFailed: boolean; periodEnd: Date }> {
  const workspace = await db().workspace.findUnique({ where: { id: workspaceId }, include: { billingAccount: true } });
  const plan = planOf(workspace?.plan ?? 'free');
  const period = billingPeriod(workspace?.billingAccount ?? null, plan.id);
  const usage = await getUsageSummary(workspaceId, period);
  const alerts: QuotaAlert[] = [];
  for (const meter of METERS) {
    const included = plan.included[meter];
    const used = usage.meters[meter];
    if (included > 0 && used >= included) alerts.push({ meter, used, included, level: 100 });
    else if (included > 0 && used >= 0.8 * included) alerts.push({ meter, used, included, level: 80 });
  }
  alerts.sort((a, b) => b.level - a.level || b.used / b.included - a.used / a.included);
  return { plan, alerts, paymentFailed: Boolean(workspace?.billingAccount?.paymentFailedAt), periodEnd: period.end };
}
