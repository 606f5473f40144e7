/** Every billable unit in Cairn. The billing issue prices each of these. */
export const METERS = ['events', 'recommendations', 'chat_messages', 'sentiment_texts', 'embedding_texts'] as const;
export type Meter = (typeof METERS)[number];

export const METER_LABELS: Record<Meter, string> = {
  events: 'Events ingested',
  recommendations: 'Recommendation requests',
  chat_messages: 'Chat messages',
  sentiment_texts: 'Texts scored for sentiment',
  embedding_texts: 'Texts embedded',
};

/** The current billing period: the calendar month in UTC (until a subscription sets its own). */
export function currentPeriod(now = new Date()) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}
