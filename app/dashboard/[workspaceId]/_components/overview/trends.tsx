import { formatNumber } from '@/app/lib/format';
import { SmallDayBars } from '@/components/charts/small-day-bars';
import { Section } from '@/components/ui/page-header';
import type { RecommendationTrends } from '@/services/analytics/get-recommendation-trends';
import type { ChatAnalytics } from '@/services/chat/chat-analytics';

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function Figure({ label, value, testId, hint }: { label: string; value: string; testId: string; hint?: string }) {
  return (
    <div className="px-5 py-3">
      <dt className="text-xs font-medium text-stone-500">{label}</dt>
      <dd className="mt-0.5 text-xl font-semibold text-stone-900 tabular-nums" data-testid={testId}>{value}</dd>
      {hint ? <dd className="text-[11px] text-stone-400">{hint}</dd> : null}
    </div>
  );
}

/** Recommendations served per day and what they led to (attributed by recommId). */
export function RecommendationTrendsCard({ data, days }: { data: RecommendationTrends; days: number }) {
  return (
    <Section title="Recommendations" description={`Last ${days} days: served, and the clicks and purchases that carried their recommId.`}>
      <dl className="grid grid-cols-2 divide-stone-200 border-b border-stone-200 sm:grid-cols-4 sm:divide-x">
        <Figure label="Served" value={formatNumber(data.totals.requests)} testId="trend-rec-served" />
        <Figure label="Click-through" value={pct(data.ctr)} testId="trend-rec-ctr" hint={`${formatNumber(data.totals.clicks)} clicks`} />
        <Figure label="Conversion" value={pct(data.conversion)} testId="trend-rec-conversion" hint={`${formatNumber(data.totals.purchases)} purchases`} />
        <Figure label="Revenue carried" value={money(data.totals.revenue)} testId="trend-rec-revenue" hint="sum of purchase values" />
      </dl>
      <div className="p-5">
        <SmallDayBars points={data.days.map((d) => ({ day: d.day, value: d.requests }))} ariaLabel={`Recommendations served per day: ${formatNumber(data.totals.requests)}`} testId="trend-rec-chart" barClass="bg-sky-500" />
      </div>
    </Section>
  );
}

/** Conversations per day, the answer rate and the visitors' sentiment. */
export function ChatTrendsCard({ data, days }: { data: ChatAnalytics; days: number }) {
  const sentiment = data.sentimentTrend.reduce((s, d) => ({ positive: s.positive + d.positive, neutral: s.neutral + d.neutral, negative: s.negative + d.negative }), { positive: 0, neutral: 0, negative: 0 });
  const scored = sentiment.positive + sentiment.neutral + sentiment.negative;
  return (
    <Section title="Conversations" description={`Last ${days} days of the chatbot.`}>
      <dl className="grid grid-cols-2 divide-stone-200 border-b border-stone-200 sm:grid-cols-4 sm:divide-x">
        <Figure label="Conversations" value={formatNumber(data.conversations)} testId="trend-chat-conversations" />
        <Figure label="Answer rate" value={pct(data.answerRate)} testId="trend-chat-answer-rate" hint={`${formatNumber(data.questions)} questions`} />
        <Figure label="Positive" value={scored ? pct(sentiment.positive / scored) : '–'} testId="trend-chat-positive" hint={`${formatNumber(scored)} messages scored`} />
        <Figure label="Negative" value={scored ? pct(sentiment.negative / scored) : '–'} testId="trend-chat-negative" />
      </dl>
      <div className="p-5">
        <SmallDayBars points={data.conversationsPerDay.map((d) => ({ day: d.day, value: d.count }))} ariaLabel={`Conversations per day: ${formatNumber(data.conversations)}`} testId="trend-chat-chart" barClass="bg-amber-400" />
      </div>
    </Section>
  );
}
