import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatNumber } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { DEFAULT_RANGE, parseRange, type RangeDays } from '@/services/analytics/date-range';
import { getOnboarding } from '@/services/analytics/get-onboarding';
import { getQuotaUsage } from '@/services/analytics/get-quota-usage';
import { getRecommendationTrends } from '@/services/analytics/get-recommendation-trends';
import { chatAnalytics } from '@/services/chat/chat-analytics';
import { eventsPerDay } from '@/services/ingest/events-per-day';
import { currentPeriod } from '@/services/metering/meters';
import { hasRole } from '@/services/workspaces/roles';
import { EventsChart } from './_components/events-chart';
import { OnboardingChecklist } from './_components/overview/onboarding-checklist';
import { QuotaCharts } from './_components/overview/quota-charts';
import { RangePicker } from './_components/overview/range-picker';
import { ChatTrendsCard, RecommendationTrendsCard } from './_components/overview/trends';

export const metadata: Metadata = { title: 'Overview' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ workspaceId: string }>; searchParams: SearchParams }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  let days: RangeDays = DEFAULT_RANGE;
  let rangeError: string | null = null;
  try {
    days = parseRange(sp.range);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    rangeError = err.message;
  }
  const [onboarding, events, recs, chat, quota] = await Promise.all([
    getOnboarding(workspace.id),
    eventsPerDay(workspace.id, { days }),
    getRecommendationTrends(workspace.id, days),
    chatAnalytics(workspace.id, days),
    getQuotaUsage(workspace.id, workspace.plan),
  ]);
  const base = `/dashboard/${workspace.id}`;
  const period = currentPeriod();
  const curl = `curl ${env().PUBLIC_API_URL}/v1/me \\\n  -H "Authorization: Bearer sk_live_..."`;
  const allDone = onboarding.done === onboarding.steps.length;

  return (
    <>
      <PageHeader
        title={<span data-testid="workspace-title">{workspace.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="brand">
              <span className="capitalize">{workspace.plan}</span>&nbsp;plan
            </Badge>
            <span>
              You are <span className="font-medium text-stone-800">{role}</span> of this workspace.
            </span>
          </span>
        }
        actions={
          hasRole(role, 'admin') ? (
            <Link href={`${base}/api-keys`} className={buttonClass('primary')}>
              Create an API key
            </Link>
          ) : null
        }
      />

      {allDone ? null : <OnboardingChecklist base={base} steps={onboarding.steps} done={onboarding.done} />}

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-stone-900">Trends</h2>
        <RangePicker href={base} current={days} />
      </div>
      {rangeError ? (
        <Alert tone="error" className="mb-4" data-testid="range-error">
          {rangeError}; showing the last {days} days.
        </Alert>
      ) : null}
      <div className="space-y-8">
        <Section title="Events per day" description={`Last ${days} days, stacked by type: ${formatNumber(events.total)} events.`}>
          <EventsChart data={events} testId="trend-events-chart" />
        </Section>
        <div className="grid grid-cols-1 gap-8 xl:grid-cols-2">
          <RecommendationTrendsCard data={recs} days={days} />
          <ChatTrendsCard data={chat} days={days} />
        </div>
        <Section
          title="Usage against your quota"
          description={`This period (${formatDate(period.start)} – ${formatDate(new Date(period.end.getTime() - 1))}), per meter, with the plan's included units as a line.`}
          actions={
            <Link href={`${base}/usage`} className={`${linkClass} text-sm`}>
              View details →
            </Link>
          }
        >
          <QuotaCharts usage={quota} />
        </Section>
        <Section title="Quick start" description="Check that a key works: the API answers with its workspace and scopes.">
          <div className="p-5">
            <ol className="mb-4 list-decimal space-y-1 pl-5 text-sm text-stone-600">
              <li>
                Create a secret key on the{' '}
                <Link href={`${base}/api-keys`} className={linkClass}>
                  API keys
                </Link>{' '}
                page.
              </li>
              <li>Replace <code className="rounded bg-stone-100 px-1 py-0.5 text-xs">sk_live_...</code> below with it and run:</li>
            </ol>
            <CodeBlock value={curl} testId="quickstart-curl" />
            <p className="mt-3 text-xs text-stone-500">
              Keys go in the <code>Authorization</code> header only, never in a URL.
            </p>
          </div>
        </Section>
      </div>
    </>
  );
}
