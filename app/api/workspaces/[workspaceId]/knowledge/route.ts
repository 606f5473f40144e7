// POST /api/workspaces/:workspaceId/knowledge?filename=NAME - the dashboard's knowledge-base file
// upload: the request body is the file (Markdown, text, HTML or PDF, at most 10 MB), its type from
// Content-Type or the name. Outside /dashboard for the same reason as the import route
// (docs/decisions.md 17): the proxy buffers and cuts bodies under /dashboard.
import { auth } from '@/auth';
import { AppError } from '@/services/errors/app-error';
import { addFileDocument } from '@/services/knowledge/add-document';
import { MAX_DOCUMENT_BYTES } from '@/services/knowledge/schemas';
import { requireMembership } from '@/services/workspaces/require-membership';

export const dynamic = 'force-dynamic';

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });
const originHost = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

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
  // Cookies authenticate this route, so refuse cross-site posts (SameSite=Lax is the first lock).
  const origin = request.headers.get('origin');
  if (origin && originHost(origin) !== request.headers.get('host')) return error(403, 'forbidden', 'Cross-origin request refused');
  const userId = (await auth())?.user?.id;
  if (!userId) return error(401, 'unauthorized', 'Sign in first');
  try {
    await requireMembership(userId, workspaceId, 'admin');
  } catch (err) {
    if (err instanceof AppError) return error(404, 'not_found', 'Workspace not found');
    throw err;
  }
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
    return Response.json(doc, { status: 202 });
  } catch (err) {
    if (err instanceof AppError) return error(err.status, err.code, err.message);
    throw err;
  }
}
