import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass } from '@/components/ui/styles';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { getDocumentDetail } from '@/services/knowledge/document-detail';
import { isEditableKind, MAX_EDIT_BYTES } from '@/services/knowledge/edit-document-text';
import { formatQaText } from '@/services/knowledge/qa-text';
import { hasRole } from '@/services/workspaces/roles';
import { idParam } from '../../_components/route-param';
import { AutoRefresh } from '../auto-refresh';
import { DOCUMENT_KIND_LABELS, DOCUMENT_STATUS_BADGES } from '../document-labels';
import { refetchDocumentAction, saveDocumentAction, setVisibilityAction } from './actions';
import { DocumentActionButton, DocumentEditor } from './document-controls';

export const metadata: Metadata = { title: 'Document' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-stone-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-stone-900">{children}</dd>
    </div>
  );
}

/** A knowledge-base document: what it is, its passages as indexed, and (admins) edit, re-fetch and visibility. */
export default async function DocumentPage({ params }: { params: Promise<{ workspaceId: string; documentId: string }> }) {
  const { workspaceId, documentId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const canManage = hasRole(role, 'admin');
  const detail = await getDocumentDetail(workspace.id, idParam(documentId)).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const { document: doc, passages } = detail;
  const busy = doc.status === 'queued' || doc.status === 'indexing';
  const status = DOCUMENT_STATUS_BADGES[doc.status];
  const citationPage = `${env().PUBLIC_API_URL}/kb/${encodeURIComponent(workspace.id)}/${encodeURIComponent(doc.id)}`;
  const editor =
    doc.kind === 'qa' && detail.pairs
      ? { mode: 'qa' as const, body: formatQaText(detail.pairs) }
      : isEditableKind(doc.kind) && detail.text !== null && new TextEncoder().encode(detail.text).byteLength <= MAX_EDIT_BYTES
        ? { mode: 'text' as const, body: detail.text }
        : null;

  return (
    <>
      <AutoRefresh active={busy} />
      <PageHeader title={doc.title} description={<Link href={`/dashboard/${workspace.id}/knowledge`} className={linkClass}>Back to the knowledge base</Link>} />
      <div className="space-y-8">
        <Section title="About this document">
          <dl className="grid grid-cols-2 gap-4 p-5 sm:grid-cols-3" data-testid="kb-doc-meta">
            <Field label="Kind">{DOCUMENT_KIND_LABELS[doc.kind]}</Field>
            <Field label="Status">
              <Badge tone={status.tone}>{status.label}</Badge>
              {doc.status === 'indexing' ? ` ${Math.round(doc.progress * 100)}%` : null}
            </Field>
            <Field label="Visibility">
              <span data-testid="kb-doc-visibility">{doc.visibility === 'private' ? 'Private' : 'Public'}</span>
            </Field>
            <Field label="Source">
              {doc.sourceUrl ? <a href={doc.sourceUrl} className={`${linkClass} break-all`} rel="noopener noreferrer" target="_blank">{doc.sourceUrl}</a> : 'Added in Cairn'}
            </Field>
            <Field label="Version">{formatNumber(doc.version)}</Field>
            <Field label="Updated">{formatDateTime(new Date(doc.updatedAt))}</Field>
            <Field label="Indexed">{doc.indexedAt ? formatDateTime(new Date(doc.indexedAt)) : 'Not yet'}</Field>
            <Field label="Passages">{formatNumber(doc.chunks)}</Field>
            <Field label="Citations link to">
              {doc.visibility === 'private' ? 'Nothing: cited by title only' : doc.sourceUrl ? 'Its source page' : <a href={citationPage} className={linkClass} rel="noopener noreferrer" target="_blank">Its page on Cairn</a>}
            </Field>
          </dl>
          {doc.error ? <div className="px-5 pb-5"><Alert tone="error" data-testid="kb-doc-error">{doc.error}</Alert></div> : null}
        </Section>

        {canManage ? (
          <Section title="Manage" description="Private documents are used for answers but never shown: citations name them without a link and their page on Cairn answers “not found”.">
            <div className="flex flex-wrap items-start gap-3 p-5">
              <DocumentActionButton
                action={setVisibilityAction.bind(null, workspace.id, doc.id)}
                hidden={{ visibility: doc.visibility === 'private' ? 'public' : 'private' }}
                label={doc.visibility === 'private' ? 'Make public' : 'Make private'}
                pendingLabel="Saving…"
                testId="kb-doc-visibility-toggle"
              />
              {doc.kind === 'url' && !busy ? (
                <DocumentActionButton action={refetchDocumentAction.bind(null, workspace.id, doc.id)} label="Re-fetch the page" pendingLabel="Queuing…" testId="kb-doc-refetch" />
              ) : null}
            </div>
          </Section>
        ) : null}

        {canManage && editor ? (
          // The list's "Edit" links here (#edit): one editor for every kind that can be edited.
          <div id="edit" className="scroll-mt-4">
            <Section title="Edit">
              <div className="max-w-3xl space-y-4 p-5">
                {busy ? <Alert tone="warning">This document is still being indexed; you can save your changes once it is ready.</Alert> : null}
                <DocumentEditor action={saveDocumentAction.bind(null, workspace.id, doc.id, editor.mode)} mode={editor.mode} title={doc.title} body={editor.body} />
              </div>
            </Section>
          </div>
        ) : null}

        <Section title="Passages as indexed" description="What the chatbot searches and quotes, in document order. Citations point at a passage by its number.">
          {passages.length === 0 ? (
            <p className="p-5 text-sm text-stone-500">{busy ? 'Being indexed…' : 'No passages.'}</p>
          ) : (
            <ol className="divide-y divide-stone-200" data-testid="kb-passages">
              {passages.map((p, i) => {
                // A heading path is shown where it starts, not repeated on each of its passages.
                const showHeading = i === 0 || passages[i - 1]!.heading !== p.heading;
                return (
                  <li key={p.idx} id={`c${p.idx}`} className="p-5" data-testid="kb-passage" data-idx={p.idx}>
                    <p className="text-xs text-stone-500">
                      <span className="font-mono">#{p.idx}</span>
                      {p.heading && showHeading ? <span className="ml-2 font-medium text-stone-700" data-testid="kb-passage-heading">{p.heading}</span> : null}
                    </p>
                    <p className="mt-1 whitespace-pre-line text-sm text-stone-800" data-testid="kb-passage-text">{p.text}</p>
                  </li>
                );
              })}
            </ol>
          )}
        </Section>
      </div>
    </>
  );
}
