import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { StackedDayBars } from '@/components/charts/stacked-day-bars';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { chatAnalytics } from '@/services/chat/chat-analytics';

export const metadata: Metadata = { title: 'Chat analytics' };

const DAYS = 30;
const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function Stat({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
      <p className="text-sm font-medium text-stone-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-stone-900 tabular-nums" data-testid={testId}>{value}</p>
      <p className="mt-1 text-xs text-stone-500">{detail}</p>
    </div>
  );
}

export default async function ChatAnalyticsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const a = await chatAnalytics(workspace.id, DAYS);
  const sentimentByDay = new Map(a.sentimentTrend.map((s) => [s.day, s]));
  const scored = a.sentimentTrend.reduce((n, s) => n + s.positive + s.neutral + s.negative, 0);
  const negative = a.sentimentTrend.reduce((n, s) => n + s.negative, 0);
  const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

  return (
    <>
      <PageHeader title="Chat analytics" description={`The chatbot over the last ${DAYS} days (UTC).`} />
      <div className="space-y-8">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label="Conversations" value={formatNumber(a.conversations)} detail={`started in ${DAYS} days`} testId="stat-conversations" />
          <Stat label="Answer rate" value={percent(a.answerRate)} detail={`of ${formatNumber(a.questions)} questions answered from the knowledge base`} testId="stat-answer-rate" />
          <Stat label="Thumbs up" value={percent(a.thumbsUpRate)} detail={`of ${formatNumber(a.ratings)} rated answers`} testId="stat-thumbs-up" />
          <Stat label="Negative messages" value={scored ? percent(negative / scored) : '—'} detail={`of ${formatNumber(scored)} visitor messages scored`} testId="stat-negative" />
        </div>
        <Section title="Conversations per day">
          <div className="p-5">
            <StackedDayBars
              days={a.conversationsPerDay.map((d) => ({ key: d.day, label: label(d.day), total: d.count, segments: [{ key: 'c', value: d.count, className: 'bg-brand-500' }] }))}
              unit="conversations"
              ariaLabel={`Conversations per day over the last ${DAYS} days`}
              testId="chart-conversations"
            />
          </div>
        </Section>
        <Section title="Sentiment trend" description="Visitor messages per day by sentiment.">
          <div className="p-5">
            {scored === 0 ? (
              <EmptyState title="No scored messages yet" />
            ) : (
              <>
                <StackedDayBars
                  days={a.conversationsPerDay.map(({ day }) => {
                    const s = sentimentByDay.get(day) ?? { positive: 0, neutral: 0, negative: 0 };
                    return {
                      key: day,
                      label: label(day),
                      total: s.positive + s.neutral + s.negative,
                      segments: [
                        { key: 'negative', value: s.negative, className: 'bg-red-400' },
                        { key: 'neutral', value: s.neutral, className: 'bg-stone-300' },
                        { key: 'positive', value: s.positive, className: 'bg-brand-500' },
                      ],
                    };
                  })}
                  unit="messages"
                  ariaLabel={`Visitor messages per day by sentiment over the last ${DAYS} days`}
                  testId="chart-sentiment"
                />
                <p className="mt-3 flex gap-4 text-xs text-stone-600">
                  <span><span className="mr-1 inline-block size-2.5 rounded-sm bg-brand-500" />positive</span>
                  <span><span className="mr-1 inline-block size-2.5 rounded-sm bg-stone-300" />neutral</span>
                  <span><span className="mr-1 inline-block size-2.5 rounded-sm bg-red-400" />negative</span>
                </p>
              </>
            )}
          </div>
        </Section>
        <Section
          title="Top unanswered questions"
          description={
            <>
              What visitors asked that the knowledge base does not cover: add the answers in the{' '}
              <Link href={`/dashboard/${workspace.id}/knowledge`} className={linkClass}>knowledge base</Link>.
            </>
          }
        >
          {a.topUnanswered.length === 0 ? (
            <EmptyState title="Every question was answered" />
          ) : (
            <table className={tableClass} data-testid="top-unanswered">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Question</th>
                  <th scope="col" className={thClass}>Times asked</th>
                  <th scope="col" className={thClass}>Last asked</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {a.topUnanswered.map((q) => (
                  <tr key={q.question}>
                    <td className={tdClass}>{q.question}</td>
                    <td className={`${tdClass} tabular-nums`}>{formatNumber(q.count)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(q.lastAskedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
    </>
  );
}
