import Link from 'next/link';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { Section } from '@/components/ui/page-header';
import { linkClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { describeItems } from '@/services/recommend/describe-items';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { SentimentBadge } from '../../_components/chat-badges';
import { itemHref } from '../../_components/events-table';

/** What the recommender would show this user now (the same service as the API; a preview, not metered). */
export async function RecommendationsPreview({ workspaceId, userId, base }: { workspaceId: string; userId: string; base: string }) {
  let result: Awaited<ReturnType<typeof getRecommendations>> | null = null;
  let error: string | null = null;
  try {
    result = await getRecommendations({ workspaceId, userId, limit: 5 });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
  }
  const info = await describeItems(workspaceId, result?.items.map((i) => i.id) ?? []);
  return (
    <Section
      title="Recommended for this user"
      description={result ? `Model ${result.modelVersion ? `v${result.modelVersion}` : 'none yet (popular items)'}` : undefined}
      actions={<Link href={`${base}/recommendations?user=${encodeURIComponent(userId)}`} className={`${linkClass} text-sm`}>Full preview →</Link>}
    >
      {error ? (
        <EmptyState title="No preview">{error}</EmptyState>
      ) : !result || result.items.length === 0 ? (
        <EmptyState title="Nothing to recommend yet">Add items to the catalog and send events.</EmptyState>
      ) : (
        <ol className="divide-y divide-stone-200" data-testid="user-recommendations">
          {result.items.map((it, k) => (
            <li key={it.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm" data-item-id={it.id}>
              <span className="min-w-0">
                <span className="mr-2 text-stone-400">{k + 1}.</span>
                <Link href={itemHref(base, it.id)} className={linkClass}>{info.get(it.id)?.title ?? it.id}</Link>
              </span>
              <span className="text-xs text-stone-500">{it.reason}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

interface PersonConversation {
  id: string;
  status: string;
  preview: string | null;
  messageCount: number;
  negativeCount: number;
  lastSentiment: string | null;
  lastMessageAt: Date;
}

/** The user's conversations with the chatbot and the sentiment of their messages. */
export function PersonConversations({ base, conversations, sentiment }: { base: string; conversations: PersonConversation[]; sentiment: Record<string, number> }) {
  const scored = (sentiment.positive ?? 0) + (sentiment.neutral ?? 0) + (sentiment.negative ?? 0);
  return (
    <Section
      title="Conversations"
      description={
        scored ? (
          <span data-testid="user-sentiment">
            {formatNumber(scored)} messages scored: {sentiment.positive ?? 0} positive, {sentiment.neutral ?? 0} neutral, {sentiment.negative ?? 0} negative
          </span>
        ) : (
          'No scored messages'
        )
      }
    >
      {conversations.length === 0 ? (
        <EmptyState title="No conversations">Conversations appear here when the widget or the API sends this user id.</EmptyState>
      ) : (
        <ul className="divide-y divide-stone-200" data-testid="user-conversations">
          {conversations.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm">
              <span className="min-w-0">
                <Link href={`${base}/inbox/${c.id}`} className={`${linkClass} block truncate`}>{c.preview ?? c.id}</Link>
                <span className="text-xs text-stone-500">{formatNumber(c.messageCount)} messages · {formatDateTime(c.lastMessageAt)} · {c.status}</span>
              </span>
              <SentimentBadge label={c.lastSentiment} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
