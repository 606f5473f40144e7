import { Badge, type BadgeTone } from '@/components/ui/badge';

const SENTIMENT: Record<string, BadgeTone> = { negative: 'red', neutral: 'neutral', positive: 'brand' };

export function SentimentBadge({ label, score }: { label: string | null | undefined; score?: number }) {
  if (!label) return <Badge className="text-stone-500">not scored</Badge>;
  return (
    <Badge tone={SENTIMENT[label] ?? 'neutral'} className="capitalize">
      {label}
      {score !== undefined ? ` ${Math.round(score * 100)}%` : ''}
    </Badge>
  );
}

const REASONS: Record<string, string> = { negative_sentiment: 'turned negative', handoff_requested: 'asked for a person' };

export function ConversationBadges(c: { status: string; flagged: boolean; flagReason: string | null; unansweredCount: number; negativeCount: number; assigneeUserId?: string | null }) {
  return (
    <span className="flex flex-wrap gap-1">
      {c.flagged && c.status === 'open' ? <Badge tone="amber">Needs a person{c.flagReason ? `: ${REASONS[c.flagReason] ?? c.flagReason}` : ''}</Badge> : null}
      {c.status === 'resolved' ? <Badge tone="brand">Resolved</Badge> : null}
      {c.status === 'pending' ? <Badge tone="blue">Pending: waiting on the visitor</Badge> : null}
      {c.assigneeUserId ? <Badge tone="amber">With a person: bot silent</Badge> : null}
      {c.unansweredCount > 0 ? <Badge tone="blue">{c.unansweredCount} unanswered</Badge> : null}
      {c.negativeCount > 0 ? <Badge tone="red">{c.negativeCount} negative</Badge> : null}
    </span>
  );
}
