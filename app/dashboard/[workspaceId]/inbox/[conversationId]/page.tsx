import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { getTranscript } from '@/services/chat/get-transcript';
import type { Citation } from '@/services/chat/citations';
import { formatCitationTrail } from '@/services/chat/citation-trail';
import type { ProductCard } from '@/services/chat/schemas';
import { formatPrice } from '../../_components/format-price';
import { idParam } from '../../_components/route-param';
import { ConversationBadges, SentimentBadge } from '../../_components/chat-badges';
import { setStatusAction } from '../actions';
import { addFromInboxAction } from '../../bot-tests/actions';
import { existingQuestionKeys } from '@/services/bot-tests/cases';
import { isWeakAnswer, questionFromMessage } from '@/services/bot-tests/from-inbox';
import { questionKey } from '@/services/bot-tests/schemas';

export const metadata: Metadata = { title: 'Conversation' };

export default async function ConversationPage({ params }: { params: Promise<{ workspaceId: string; conversationId: string }> }) {
  const { workspaceId, conversationId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const conversation = await getTranscript(workspace.id, idParam(conversationId));
  if (!conversation) notFound();
  const base = `/dashboard/${workspace.id}/inbox`;
  const resolved = conversation.status === 'resolved';
  // Unanswered and low-relevance answers get "Add to tests" (or "In tests" once their question is one).
  const bySeq = new Map(conversation.messages.map((m) => [m.seq, m]));
  const questionOf = (m: { seq: number }) => (bySeq.get(m.seq - 1)?.role === 'visitor' ? questionFromMessage(bySeq.get(m.seq - 1)!.text) : null);
  const weak = conversation.messages.filter((m) => isWeakAnswer(m) && questionOf(m));
  const inTests = await existingQuestionKeys(workspace.id, weak.map((m) => questionOf(m)!));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={base} className={linkClass}>← Inbox</Link>
      </nav>
      <PageHeader
        title={conversation.preview ?? 'Conversation'}
        description={
          <>
            Started {formatDateTime(conversation.createdAt)} · {conversation.userId ? `user ${conversation.userId}${conversation.userVerified ? ' (verified)' : ' (unverified)'}` : 'anonymous visitor'}
            {conversation.contactEmail ? (
              <>
                {' · '}
                <a className={linkClass} href={`mailto:${conversation.contactEmail}`}>{conversation.contactEmail}</a>
              </>
            ) : null}
          </>
        }
        actions={
          <form action={setStatusAction.bind(null, workspace.id, conversation.id, resolved ? 'open' : 'resolved')}>
            <button type="submit" className={buttonClass(resolved ? 'secondary' : 'primary')} data-testid="toggle-resolved">
              {resolved ? 'Reopen' : 'Mark resolved'}
            </button>
          </form>
        }
      />
      <div className="mb-4">
        <ConversationBadges {...conversation} />
      </div>
      <Section title="Transcript">
        <ol className="space-y-4 p-5" data-testid="transcript">
          {conversation.messages.map((m) => {
            const citations = (m.citations as Citation[] | null) ?? [];
            const products = (m.products as ProductCard[] | null) ?? [];
            const visitor = m.role === 'visitor';
            return (
              <li key={m.id} className={`flex flex-col ${visitor ? 'items-end' : 'items-start'}`} data-testid={`message-${m.role}`}>
                <div className={`max-w-[85%] rounded-xl px-4 py-2.5 text-sm whitespace-pre-wrap ${visitor ? 'bg-brand-600 text-white' : 'bg-stone-100 text-stone-900'}`}>{m.text}</div>
                <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-stone-500">
                  <span>{visitor ? 'Visitor' : 'Bot'} · {formatDateTime(m.createdAt)}</span>
                  {visitor ? <SentimentBadge label={m.sentimentLabel} score={m.sentimentScore ?? undefined} /> : null}
                  {!visitor && m.intent === 'unknown' ? <Badge tone="blue">did not know</Badge> : null}
                  {!visitor && m.intent === 'products' ? <Badge>products</Badge> : null}
                  {!visitor && m.method ? <span>via {m.method}</span> : null}
                  {m.feedback ? <Badge tone={m.feedback === 'up' ? 'brand' : 'red'}>{m.feedback === 'up' ? '👍 helpful' : '👎 not helpful'}</Badge> : null}
                  {m.feedbackComment ? <span className="italic">“{m.feedbackComment}”</span> : null}
                  {weak.includes(m) ? (
                    inTests.has(questionKey(questionOf(m)!)) ? (
                      <Link href={`/dashboard/${workspace.id}/bot-tests`} className={linkClass} data-testid="in-tests">In tests</Link>
                    ) : (
                      <form action={addFromInboxAction.bind(null, workspace.id, m.id)} className="inline">
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
    </>
  );
}
