import Link from 'next/link';
import { formatDate, formatNumber } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { linkClass } from '@/components/ui/styles';
import { getQuotaAlerts } from '@/services/billing/get-quota-alerts';
import { METER_LABELS } from '@/services/metering/meters';

/** The dashboard's quota banner: a meter at 80% or 100% of its included units, or a failed payment. */
export async function QuotaBanner({ workspaceId, canManageBilling }: { workspaceId: string; canManageBilling: boolean }) {
  const { plan, alerts, paymentFailed, periodEnd } = await getQuotaAlerts(workspaceId);
  if (alerts.length === 0 && !paymentFailed) return null;
  const billing = canManageBilling ? (
    <Link href={`/dashboard/${workspaceId}/billing`} className={linkClass}>
      {plan.hardCap ? 'Upgrade on the billing page' : 'See the billing page'}
    </Link>
  ) : (
    <span>Ask an owner or admin to {plan.hardCap ? 'upgrade the plan' : 'review billing'}.</span>
  );
  const top = alerts[0];
  const reached = alerts.filter((a) => a.level === 100);
  return (
    <div className="mb-6 space-y-3">
      {paymentFailed ? (
        <Alert tone="error" title="Your last payment failed" data-testid="payment-failed-banner">
          Stripe is retrying it; update the payment method to keep the {plan.name} plan. {billing}
        </Alert>
      ) : null}
      {top ? (
        <Alert
          tone={top.level === 100 && plan.hardCap ? 'error' : 'warning'}
          title={
            reached.length > 0
              ? plan.hardCap
                ? `Quota reached: ${reached.map((a) => METER_LABELS[a.meter].toLowerCase()).join(', ')}`
                : `Included units used up: ${reached.map((a) => METER_LABELS[a.meter].toLowerCase()).join(', ')}`
              : `${Math.floor((top.used / top.included) * 100)}% of the ${METER_LABELS[top.meter].toLowerCase()} quota used`
          }
          data-testid="quota-banner"
          data-level={top.level}
        >
          {alerts.map((a) => `${METER_LABELS[a.meter]}: ${formatNumber(a.used)} of ${formatNumber(a.included)}`).join(' · ')} this period (resets {formatDate(periodEnd)}).{' '}
          {reached.length > 0 && plan.hardCap ? 'The API refuses these units (429 quota_exceeded) until the period ends. ' : ''}
          {reached.length > 0 && !plan.hardCap ? 'Further units are billed as overage. ' : ''}
          {billing}
        </Alert>
      ) : null}
    </div>
  );
}
