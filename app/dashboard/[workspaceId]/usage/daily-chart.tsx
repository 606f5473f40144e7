import type { Meter } from '@/services/metering/meters';

// The per-meter colour keys of the usage and billing tables. The stacked daily chart that lived
// here added unlike meters together; each meter now has its own chart against its quota
// (_components/overview/quota-charts.tsx).
export const METER_COLORS: Record<Meter, string> = {
  events: 'bg-brand-500',
  recommendations: 'bg-sky-500',
  chat_messages: 'bg-amber-400',
  sentiment_texts: 'bg-rose-400',
  embedding_texts: 'bg-violet-500',
};
