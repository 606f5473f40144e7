import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { Alert } from '@/components/ui/alert';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { getDocumentText, isEditableKind, MAX_EDIT_BYTES } from '@/services/knowledge/edit-document-text';
import { idParam } from '../../../_components/route-param';
import { EditDocumentForm } from './edit-document-form';

export const metadata: Metadata = { title: 'Edit document' };

const NOT_EDITABLE: Record<string, string> = {
  pdf: 'A PDF is not edited here: delete it and upload the new version.',
  url: 'A web page is not edited here: use Re-fetch on the knowledge base page to index its current content.',
  qa: 'Q&A pairs are not edited here: delete them and add the pairs again.',
};

export default async function EditDocumentPage({ params }: { params: Promise<{ workspaceId: string; documentId: string }> }) {
  const { workspaceId, documentId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId, 'admin');
  const found = await getDocumentText(workspace.id, idParam(documentId)).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const { document: doc, text } = found;
  const back = `/dashboard/${workspace.id}/knowledge`;
  const busy = doc.status === 'queued' || doc.status === 'indexing';

  return (
    <>
      <PageHeader
        title={`Edit “${doc.title}”`}
        description={<Link href={back} className={linkClass}>Back to the knowledge base</Link>}
      />
      <Section>
        <div className="max-w-3xl space-y-4 p-5">
          {!isEditableKind(doc.kind) || text === null ? (
            <Alert tone="info" data-testid="kb-edit-unavailable">{NOT_EDITABLE[doc.kind] ?? 'This document cannot be edited.'}</Alert>
          ) : new TextEncoder().encode(text).byteLength > MAX_EDIT_BYTES ? (
            <Alert tone="info" data-testid="kb-edit-unavailable">
              This document is larger than {MAX_EDIT_BYTES / 1024} KB: replace it through the API (PUT /v1/knowledge/documents/{doc.id}) or delete it and upload the new version.
            </Alert>
          ) : (
            <>
              {busy ? <Alert tone="warning">This document is still being indexed; you can save your changes once it is ready.</Alert> : null}
              <EditDocumentForm workspaceId={workspace.id} documentId={doc.id} kind={doc.kind} title={doc.title} text={text} maxBytes={MAX_EDIT_BYTES} />
            </>
          )}
        </div>
      </Section>
    </>
  );
}
