import Link from 'next/link';
import { formatDateTime } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import type { ChatMessage } from '@/generated/prisma/client';
import type { Citation } from '@/services/chat/citations';
import { formatCitationTrail } from '@/services/chat/citation-trail';
import type { ProductCard } from '@/services/chat/schemas';
import { existingQuestionKeys } from '@/services/bot-tests/cases';
import { isWeakAnswer, questionFromMessage } from '@/services/bot-tests/from-inbox';
import { questionKey } from '@/services/bot-tests/schemas';
import { formatPrice } from '../../_components/format-price';
import { SentimentBadge } from '../../_components/chat-badges';
import { addFromInboxAction } from '../../bot-tests/actions';

const BUBBLE = { visitor: 'bg-brand-600 text-white', bot: 'bg-stone-100 text-stone-900', agent: 'bg-sky-100 text-sky-950' } as const;

/** The messages of a conversation: the visitor's on the right, the bot's and agents' on the left. */
export async function Transcript({ workspaceId, messages }: { workspaceId: string; messages: ChatMessage[] }) {
  // Unanswered and low-relevance answers get "Add to tests" (or "In tests" once their question is one).
  const bySeq = new Map(messages.map((m) => [m.seq, m]));
  const questionOf = (m: { seq: number }) => (bySeq.get(m.seq - 1)?.role === 'visitor' ? questionFromMessage(bySeq.get(m.seq - 1)!.text) : null);
  const weak = messages.filter((m) => m.role === 'bot' && isWeakAnswer(m) && questionOf(m));
  const inTests = await existingQuestionKeys(workspaceId, weak.map((m) => questionOf(m)!));

  return (
    <Section title="Transcript">
      <ol className="space-y-4 p-5" data-testid="transcript">
        {messages.map((m) => {
          const citations = (m.citations as Citation[] | null) ?? [];
          const products = (m.products as ProductCard[] | null) ?? [];
          const role = m.role === 'visitor' || m.role === 'agent' ? m.role : 'bot';
          const who = role === 'visitor' ? 'Visitor' : role === 'agent' ? `${m.authorName ?? 'Agent'} (agent)` : 'Bot';
          return (
            <li key={m.id} className={`flex flex-col ${role === 'visitor' ? 'items-end' : 'items-start'}`} data-testid={`message-${role}`}>
              <div className={`max-w-[85%] rounded-xl px-4 py-2.5 text-sm whitespace-pre-wrap ${BUBBLE[role]}`}>{m.text}</div>
              <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-stone-500">
                <span>{who} · {formatDateTime(m.createdAt)}</span>
                {role === 'visitor' ? <SentimentBadge label={m.sentimentLabel} score={m.sentimentScore ?? undefined} /> : null}
                {role === 'bot' && m.intent === 'unknown' ? <Badge tone="blue">did not know</Badge> : null}
                {role === 'bot' && m.intent === 'products' ? <Badge>products</Badge> : null}
                {role === 'bot' && m.method ? <span>via {m.method}</span> : null}
                {m.feedback ? <Badge tone={m.feedback === 'up' ? 'brand' : 'red'}>{m.feedback === 'up' ? '👍 helpful' : '👎 not helpful'}</Badge> : null}
                {m.feedbackComment ? <span className="italic">“{m.feedbackComment}”</span> : null}
                {weak.includes(m) ? (
                  inTests.has(questionKey(questionOf(m)!)) ? (
                    <Link href={`/dashboard/${workspaceId}/bot-tests`} className={linkClass} data-testid="in-tests">In tests</Link>
                  ) : (
                    <form action={addFromInboxAction.bind(null, workspaceId, m.id)} className="inline">
                      <button type="submit" className={buttonClass('ghost', 'sm')} data-testid="add-to-tests">{m.intent === 'unknown' ? 'Add to tests' : 'Low relevance: add to tests'}</button>
                    </form>
                  )
                ) : null}
              </div>
              {citations.length ? (
                <ul className="mt-1 space-y-0.5 text-xs">
                  {citations.map((c) => (
                    <li key={c.n}>
                      [{c.n}]{' '}
                      {c.url ? <a href={c.url} className={linkClass} target="_blank" rel="noopener noreferrer">{formatCitationTrail(c.title, c.heading)}</a> : formatCitationTrail(c.title, c.heading)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {products.length ? (
                <ul className="mt-1 flex flex-wrap gap-2 text-xs">
                  {products.map((p) => (
                    <li key={p.id} className="rounded-lg border border-stone-200 px-2 py-1">
                      {p.title} {p.price !== null ? `· ${formatPrice(p.price, p.currency)}` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
