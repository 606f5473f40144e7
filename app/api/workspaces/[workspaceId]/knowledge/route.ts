// POST /api/workspaces/:workspaceId/knowledge?filename=NAME - the dashboard's knowledge-base file
// upload: the request body is the file (Markdown, text, HTML or PDF, at most 10 MB), its type from
// Content-Type or the name. Outside /dashboard for the same reason as the import route
// (docs/decisions.md 17): the proxy buffers and cuts bodies under /dashboard.
import { errorResponse as error, guardWorkspaceRoute } from '@/app/lib/route-guard';
import { AppError } from '@/services/errors/app-error';
import { recordMemberChange } from '@/services/audit/record-member-change';
import { addFileDocument } from '@/services/knowledge/add-document';
import { MAX_DOCUMENT_BYTES } from '@/services/knowledge/schemas';

export const dynamic = 'force-dynamic';


/** Reads at most `max` bytes of the body; null when it is longer. */
async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

export async function POST(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const guard = await guardWorkspaceRoute(request, workspaceId, { role: 'admin' });
  if ('refused' in guard) return guard.refused;
  if (Number(request.headers.get('content-length')) > MAX_DOCUMENT_BYTES) return error(413, 'payload_too_large', 'The file is larger than 10 MB');
  if (!request.body) return error(400, 'validation_failed', 'The request body must be the file');
  const bytes = await readCapped(request.body, MAX_DOCUMENT_BYTES);
  if (!bytes) return error(413, 'payload_too_large', 'The file is larger than 10 MB');
  const url = new URL(request.url);
  try {
    const doc = await addFileDocument(workspaceId, {
      bytes,
      filename: url.searchParams.get('filename')?.slice(0, 300) || undefined,
      contentType: request.headers.get('content-type') ?? undefined,
    });
    await recordMemberChange({ workspaceId, action: 'kb_document.added', targetType: 'kb_document', targetId: doc.id, actorUserId: guard.userId, metadata: { kind: doc.kind, title: doc.title } });
    return Response.json(doc, { status: 202 });
  } catch (err) {
    if (err instanceof AppError) return error(err.status, err.code, err.message);
    throw err;
  }
}
