import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { isEditableKind } from '@/services/knowledge/edit-document-text';
import { listDocuments } from '@/services/knowledge/list-documents';
import { listCrawlSources } from '@/services/knowledge/crawl-sources';
import { hasRole } from '@/services/workspaces/roles';
import { AddDocumentForm } from './add-document-form';
import { AutoRefresh } from './auto-refresh';
import { DOCUMENT_KIND_LABELS, DOCUMENT_STATUS_BADGES } from './document-labels';
import { TryQuestionBox } from './try-question-box';
import { CrawlForm } from './crawl-form';
import { CrawlSourcesList } from './crawl-sources-list';
import { deleteDocumentAction, reindexDocumentAction } from './actions';

export const metadata: Metadata = { title: 'Knowledge base' };

const STATUS = DOCUMENT_STATUS_BADGES;
const KIND = DOCUMENT_KIND_LABELS;

function formatBytes(n: number) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export default async function KnowledgePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const canManage = hasRole(role, 'admin');
  const [documents, crawlSources] = await Promise.all([listDocuments(workspace.id), listCrawlSources(workspace.id)]);
  const busy = documents.some((d) => d.status === 'queued' || d.status === 'indexing') || crawlSources.some((s) => s.status === 'queued' || s.status === 'crawling');
  const chunks = documents.reduce((s, d) => s + d.chunks, 0);

  return (
    <>
      <AutoRefresh active={busy} />
      <PageHeader
        title="Knowledge base"
        description="What the chatbot answers from: your help pages, manuals and FAQs. Every document is split by its headings, indexed for full-text and semantic search, and cited in answers."
      />
      <div className="space-y-8">
        {canManage ? (
          <Section title="Add a document">
            <AddDocumentForm workspaceId={workspace.id} />
          </Section>
        ) : null}
        {canManage || crawlSources.length ? (
          <Section title="Crawled sites" description="Every page of a site (same site only, within the depth and page limits, robots.txt respected) becomes a document; each sync reports the pages added, changed and removed.">
            <CrawlSourcesList workspaceId={workspace.id} sources={crawlSources} canManage={canManage} />
            {canManage ? <CrawlForm workspaceId={workspace.id} /> : null}
          </Section>
        ) : null}
        <Section title="Try a question" description="What the chatbot would find and answer, with each passage's relevance. Nothing is stored or counted as a chat message.">
          <TryQuestionBox workspaceId={workspace.id} />
        </Section>
        <Section
          title="Documents"
          description={documents.length ? `${formatNumber(documents.length)} documents, ${formatNumber(chunks)} passages indexed.` : undefined}
        >
          {documents.length === 0 ? (
            <EmptyState title="No documents yet">{canManage ? 'Add your FAQ or help pages above: the chatbot answers from them.' : 'An admin can add documents.'}</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass} data-testid="kb-documents">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Document</th>
                    <th scope="col" className={thClass}>Status</th>
                    <th scope="col" className={thClass}>Passages</th>
                    <th scope="col" className={thClass}>Added</th>
                    {canManage ? <th scope="col" className={thClass}><span className="sr-only">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {documents.map((d) => (
                    <tr key={d.id} data-testid="kb-document" data-status={d.status}>
                      <td className={tdClass}>
                        <Link href={`/dashboard/${workspace.id}/knowledge/${encodeURIComponent(d.id)}`} className="font-medium text-stone-900 hover:underline" data-testid="kb-document-link">{d.title}</Link>
                        {d.visibility === 'private' ? <Badge className="ml-2" tone="neutral">Private</Badge> : null}
                        <p className="mt-0.5 text-xs text-stone-500">
                          {KIND[d.kind]}
                          {d.bytes ? ` · ${formatBytes(d.bytes)}` : ''}
                          {d.sourceUrl ? (
                            <>
                              {' · '}
                              <a href={d.sourceUrl} className={linkClass} rel="noopener noreferrer" target="_blank">{new URL(d.sourceUrl).hostname}</a>
                            </>
                          ) : null}
                        </p>
                        {d.error ? <p className="mt-1 text-xs font-medium text-red-700" data-testid="kb-document-error">{d.error}</p> : null}
                      </td>
                      <td className={`${tdClass} whitespace-nowrap`}>
                        <Badge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</Badge>
                        {d.status === 'indexing' ? (
                          <div className="mt-2 h-1.5 w-28 overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-label={`Indexing ${d.title}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(d.progress * 100)}>
                            <div className="h-full bg-brand-500" style={{ width: `${Math.round(d.progress * 100)}%` }} />
                          </div>
                        ) : null}
                      </td>
                      <td className={`${tdClass} tabular-nums`}>{formatNumber(d.chunks)}</td>
                      <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(new Date(d.createdAt))}</td>
                      {canManage ? (
                        <td className={`${tdClass} text-right whitespace-nowrap`}>
                          <div className="flex justify-end gap-2">
                            {(d.status === 'failed' || d.status === 'ready') && (isEditableKind(d.kind) || d.kind === 'qa') ? (
                              <Link href={`/dashboard/${workspace.id}/knowledge/${encodeURIComponent(d.id)}#edit`} className={buttonClass('ghost', 'sm')} aria-label={`Edit ${d.title}`} data-testid="kb-edit">
                                Edit
                              </Link>
                            ) : null}
                            {d.status === 'failed' || d.status === 'ready' ? (
                              <form action={reindexDocumentAction.bind(null, workspace.id, d.id)}>
                                {/* A web page is fetched again, so its current content is indexed. */}
                                <button type="submit" className={buttonClass('ghost', 'sm')} aria-label={`${d.kind === 'url' ? 'Fetch' : 'Index'} ${d.title} again`}>
                                  {d.kind === 'url' ? 'Re-fetch' : 'Re-index'}
                                </button>
                              </form>
                            ) : null}
                            <ConfirmAction
                              action={deleteDocumentAction.bind(null, workspace.id, d.id)}
                              trigger="Delete"
                              triggerLabel={`Delete ${d.title}`}
                              triggerTestId="kb-delete"
                              confirmTestId="kb-confirm-delete"
                              title={`Delete “${d.title}”?`}
                              confirmLabel="Delete document"
                            >
                              Its {formatNumber(d.chunks)} passages are removed and the chatbot stops citing it at once.
                            </ConfirmAction>
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
    </>
  );
}
