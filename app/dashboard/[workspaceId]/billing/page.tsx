import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatDateTime, formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { applyCheckoutSession } from '@/services/billing/apply-checkout-session';
import { getBillingOverview } from '@/services/billing/get-billing-overview';
import { stripeSettings } from '@/services/billing/stripe-config';
import { listInvoices } from '@/services/billing/list-invoices';
import { PAID_PLAN_IDS, PLAN_IDS, PLANS } from '@/services/billing/plans';
import { STRIPE_SETUP_HELP } from '@/services/billing/stripe-config';
import { METERS, METER_LABELS } from '@/services/metering/meters';
import { getQuotaUsage } from '@/services/analytics/get-quota-usage';
import { QuotaCharts } from '../_components/overview/quota-charts';
import { METER_COLORS } from '../usage/daily-chart';
import { ManageButton, UpgradeButton } from './billing-buttons';

export const metadata: Metadata = { title: 'Billing' };

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const cents = (c: number) => usd.format(c / 100);
/** A per-unit price in millionths of a dollar, shown per 1,000 units when small. */
const usdFine = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const unitPrice = (micros: number) => (micros === 0 ? '—' : micros < 1_000 ? `${usdFine.format(micros / 1_000)} / 1,000` : `${usdFine.format(micros / 1_000_000)} each`);
const money = (amount: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

function statusTone(status: string | null): BadgeTone {
  if (status === 'active' || status === 'trialing' || status === 'paid') return 'brand';
  if (status === 'past_due' || status === 'open') return 'amber';
  if (status === 'canceled' || status === 'unpaid' || status === 'uncollectible' || status === 'void') return 'red';
  return 'neutral';
}

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  // Owners and admins only; members get the 404 of a missing page (decision 8).
  const { workspace } = await requireWorkspacePage(workspaceId, 'admin');
  const query = await searchParams;
  const checkout = firstParam(query.checkout);
  const sessionId = firstParam(query.session_id);
  if (checkout === 'success' && sessionId && /^cs_\w{1,200}$/.test(sessionId) && stripeSettings().configured) {
    // Back from Checkout: apply the session now (the webhook may still be on its way; both are idempotent).
    await applyCheckoutSession({ sessionId, workspaceId: workspace.id }).catch(() => undefined);
  }
  const [o, invoices] = await Promise.all([getBillingOverview(workspace.id), listInvoices(workspace.id)]);
  const lastDay = new Date(o.period.end.getTime() - 1);
  // One chart per meter against its included units (meters are never stacked or added up).
  const quota = await getQuotaUsage(workspace.id, o.plan.id, o.period);
  const upgrades = PAID_PLAN_IDS.filter((p) => p !== o.plan.id && PLANS[p].baseCents > o.plan.baseCents);
  const subscribed = o.plan.id !== 'free';
  const inSync = o.reconciliation.rows.every((r) => r.pending === 0);

  return (
    <>
      <PageHeader
        title="Billing"
        description="Your plan, this period's usage against what it includes, the estimated bill and invoices. Visible to owners and admins."
        actions={o.stripe.configured && o.account.hasCustomer ? <ManageButton workspaceId={workspace.id} /> : null}
      />
      <div className="space-y-8">
        {checkout === 'success' ? (
          <Alert tone="success" title="Thank you!" data-testid="checkout-success">
            Your plan changes as soon as Stripe confirms the payment, usually within seconds.
          </Alert>
        ) : null}
        {checkout === 'cancelled' ? <Alert tone="info">Checkout cancelled: nothing was charged.</Alert> : null}
        {!o.stripe.configured ? (
          <Alert tone="warning" title="Payments are off" data-testid="billing-not-configured">
            {STRIPE_SETUP_HELP}
          </Alert>
        ) : null}
        {o.account.paymentFailedAt ? (
          <Alert tone="error" title="Your last payment failed" data-testid="payment-failed">
            Stripe is retrying it. Update your payment method with “Manage billing” to keep the {o.plan.name} plan.
          </Alert>
        ) : null}

        <Section title="Plan" id="plan">
          <div className="flex flex-col gap-5 p-5 sm:flex-row sm:items-start sm:justify-between">
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-stone-500">Plan</dt>
              <dd>
                <span className="font-semibold text-stone-900" data-testid="billing-plan">{o.plan.name}</span>{' '}
                <span className="text-stone-500">{o.plan.baseCents ? `${cents(o.plan.baseCents)} / month + usage` : 'free, capped'}</span>
              </dd>
              {o.account.subscriptionStatus ? (
                <>
                  <dt className="text-stone-500">Subscription</dt>
                  <dd>
                    <Badge tone={statusTone(o.account.subscriptionStatus)} className="capitalize">{o.account.subscriptionStatus.replace('_', ' ')}</Badge>
                    {o.account.cancelAtPeriodEnd ? <span className="ml-2 text-amber-800">ends on {formatDate(o.period.end)}</span> : null}
                  </dd>
                </>
              ) : null}
              <dt className="text-stone-500">Period</dt>
              <dd className="text-stone-900" data-testid="billing-period">
                {formatDate(o.period.start)} – {formatDate(lastDay)} <span className="text-stone-500">({o.period.source}, UTC)</span>
              </dd>
            </dl>
            {o.stripe.configured ? (
              <div className="flex flex-col gap-2 sm:items-end">
                {subscribed
                  ? null
                  : upgrades.map((p, i) =>
                      o.stripe.purchasable.includes(p) ? (
                        <UpgradeButton key={p} workspaceId={workspace.id} plan={p} label={`Upgrade to ${PLANS[p].name}`} variant={i === 0 ? 'primary' : 'secondary'} />
                      ) : (
                        <p key={p} className="max-w-xs text-sm text-stone-600 sm:text-right">
                          {PLANS[p].name} is not for sale here yet: set <code>STRIPE_PRICES_{p.toUpperCase()}</code>.
                        </p>
                      ),
                    )}
                {subscribed ? <p className="max-w-xs text-sm text-stone-600 sm:text-right">Change or cancel the plan, and update payment methods, with “Manage billing”.</p> : null}
              </div>
            ) : (
              <p className="max-w-xs text-sm text-stone-600" data-testid="upgrade-unavailable">
                Upgrades open once Stripe is connected (see above).
              </p>
            )}
          </div>
        </Section>

        <Section title="Usage this period" description="Units recorded per meter against what the plan includes." id="usage">
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="billing-usage-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Meter</th>
                  <th scope="col" className={`${thClass} text-right`}>Used</th>
                  <th scope="col" className={`${thClass} text-right`}>Included</th>
                  <th scope="col" className={`${thClass} w-40`}>Share</th>
                  <th scope="col" className={`${thClass} text-right`}>{o.plan.hardCap ? 'Remaining' : 'Overage'}</th>
                  <th scope="col" className={`${thClass} text-right`}>Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {o.estimate.lines.map((l) => {
                  const share = l.included > 0 ? Math.min(1, l.used / l.included) : 0;
                  const tone = share >= 1 ? 'bg-red-500' : share >= 0.8 ? 'bg-amber-400' : 'bg-brand-500';
                  return (
                    <tr key={l.meter} data-testid="billing-usage-row" data-meter={l.meter}>
                      <td className={tdClass}>
                        <span className="inline-flex items-center gap-2">
                          <span className={`size-2.5 rounded-sm ${METER_COLORS[l.meter]}`} aria-hidden="true" />
                          <span className="font-medium text-stone-900">{METER_LABELS[l.meter]}</span>
                        </span>
                      </td>
                      <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(l.used)}</td>
                      <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(l.included)}</td>
                      <td className={tdClass}>
                        <div className="h-2 overflow-hidden rounded-full bg-stone-100" role="img" aria-label={`${Math.round(share * 100)}% of the included units`}>
                          <div className={`h-full ${tone}`} style={{ width: `${share * 100}%` }} />
                        </div>
                      </td>
                      <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(o.plan.hardCap ? Math.max(0, l.included - l.used) : l.overage)}</td>
                      <td className={`${tdClass} text-right tabular-nums`}>{o.plan.hardCap ? '—' : usd.format(l.amountMicros / 1_000_000)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="border-t border-stone-200" data-testid="usage-chart">
            <QuotaCharts usage={quota} />
          </div>
        </Section>

        <Section title="Estimated bill" description="This period so far, before taxes and discounts. Stripe issues the invoice at the end of the period." id="estimate">
          <dl className="divide-y divide-stone-200 text-sm">
            <div className="flex justify-between px-5 py-3">
              <dt className="text-stone-600">{o.plan.name} base price</dt>
              <dd className="tabular-nums">{cents(o.estimate.baseCents)}</dd>
            </div>
            {o.estimate.lines
              .filter((l) => l.amountMicros > 0)
              .map((l) => (
                <div key={l.meter} className="flex justify-between px-5 py-3">
                  <dt className="text-stone-600">
                    {METER_LABELS[l.meter]}: {formatNumber(l.overage)} beyond the included units at {unitPrice(o.plan.overageMicrosPerUnit[l.meter])}
                  </dt>
                  <dd className="tabular-nums">{usd.format(l.amountMicros / 1_000_000)}</dd>
                </div>
              ))}
            <div className="flex justify-between bg-stone-50 px-5 py-3 font-semibold text-stone-900">
              <dt>Estimated total</dt>
              <dd className="tabular-nums" data-testid="billing-estimate">{cents(o.estimate.totalCents)}</dd>
            </div>
          </dl>
        </Section>

        <Section title="Plans" id="plans">
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="plans-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Included per month</th>
                  {PLAN_IDS.map((p) => (
                    <th key={p} scope="col" className={`${thClass} text-right`}>
                      {PLANS[p].name} {p === o.plan.id ? <Badge tone="brand">current</Badge> : null}
                      <div className="font-normal normal-case">{PLANS[p].baseCents ? `${cents(PLANS[p].baseCents)} / month` : 'free'}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {METERS.map((m) => (
                  <tr key={m}>
                    <th scope="row" className={`${tdClass} text-left font-medium text-stone-900`}>{METER_LABELS[m]}</th>
                    {PLAN_IDS.map((p) => (
                      <td key={p} className={`${tdClass} text-right tabular-nums`}>
                        {formatNumber(PLANS[p].included[m])}
                        <div className="text-xs text-stone-500">{PLANS[p].hardCap ? 'then stops' : `then ${unitPrice(PLANS[p].overageMicrosPerUnit[m])}`}</div>
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th scope="row" className={`${tdClass} text-left font-medium text-stone-900`}>API requests per key</th>
                  {PLAN_IDS.map((p) => (
                    <td key={p} className={`${tdClass} text-right tabular-nums`}>{formatNumber(PLANS[p].rateLimit.perKey.perSecond)} / s</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </Section>

        <Section title="Invoices" description="From Stripe." id="invoices">
          {invoices.error ? (
            <div className="p-5">
              <Alert tone="warning">{invoices.error}</Alert>
            </div>
          ) : invoices.invoices.length === 0 ? (
            <EmptyState title="No invoices yet">{o.stripe.configured ? 'Stripe issues one when a paid plan starts and at the end of each period.' : 'Invoices appear here once Stripe is connected.'}</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass} data-testid="invoices-table">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Invoice</th>
                    <th scope="col" className={thClass}>Date</th>
                    <th scope="col" className={thClass}>Status</th>
                    <th scope="col" className={`${thClass} text-right`}>Amount</th>
                    <th scope="col" className={thClass}><span className="sr-only">Links</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {invoices.invoices.map((i) => (
                    <tr key={i.id} data-testid="invoice-row">
                      <td className={`${tdClass} font-mono text-xs`}>{i.number ?? i.id}</td>
                      <td className={tdClass}>{formatDate(i.created)}</td>
                      <td className={tdClass}>
                        <Badge tone={statusTone(i.status)} className="capitalize">{i.status ?? 'draft'}</Badge>
                      </td>
                      <td className={`${tdClass} text-right tabular-nums`}>{money(i.amountDue, i.currency)}</td>
                      <td className={`${tdClass} space-x-3 text-right`}>
                        {i.hostedUrl ? <a className={linkClass} href={i.hostedUrl}>View</a> : null}
                        {i.pdfUrl ? <a className={linkClass} href={i.pdfUrl}>PDF</a> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>

        <Section
          title="Usage reported to Stripe"
          description="The metering ledger against what Stripe has accepted, per meter. Usage is reported every 5 minutes; pending units are retried until Stripe accepts them."
          id="reconciliation"
          actions={
            <Badge tone={!o.stripe.configured ? 'neutral' : inSync ? 'brand' : 'amber'} className="whitespace-nowrap">
              {!o.stripe.configured ? 'not connected' : inSync ? 'in sync' : 'reporting pending'}
            </Badge>
          }
        >
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="reconciliation-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Meter</th>
                  <th scope="col" className={`${thClass} text-right`}>Ledger</th>
                  <th scope="col" className={`${thClass} text-right`}>Reported</th>
                  <th scope="col" className={`${thClass} text-right`}>Pending</th>
                  <th scope="col" className={`${thClass} text-right`}>Not yet reported</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {o.reconciliation.rows.map((r) => (
                  <tr key={r.meter} data-testid="reconciliation-row" data-meter={r.meter}>
                    <td className={tdClass}>{METER_LABELS[r.meter]}</td>
                    <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(r.ledger)}</td>
                    <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(r.reported)}</td>
                    <td className={`${tdClass} text-right tabular-nums ${r.pending ? 'font-semibold text-amber-800' : ''}`}>{formatNumber(r.pending)}</td>
                    <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(r.unclaimed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="border-t border-stone-200 px-5 py-3 text-xs text-stone-500">
            {!o.stripe.configured
              ? 'Nothing is reported while Stripe is not connected; the ledger keeps every unit.'
              : !o.account.hasCustomer
                ? 'Usage is reported once the workspace has a Stripe customer (at the first upgrade).'
                : o.reconciliation.lastSentAt
                  ? `Last accepted by Stripe: ${formatDateTime(o.reconciliation.lastSentAt)}.`
                  : 'Nothing reported yet.'}
            {o.reconciliation.oldestPending
              ? ` Oldest pending report: ${formatDateTime(o.reconciliation.oldestPending.createdAt)}, ${o.reconciliation.oldestPending.attempts} attempt(s)${o.reconciliation.oldestPending.lastError ? `, last error: ${o.reconciliation.oldestPending.lastError}` : ''}.`
              : ''}
          </p>
        </Section>
      </div>
    </>
  );
}
