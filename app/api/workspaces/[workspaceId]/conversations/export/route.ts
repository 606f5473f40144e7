// GET /api/workspaces/:workspaceId/conversations/export?format=csv|json&filter=<inbox tab> - the
// inbox's "Export CSV" / "Export JSON" links: the conversations the inbox lists under that filter,
// streamed as a download (services/chat/export-conversations.ts). Admins and owners; signed out
// 401, another workspace 404, a member 403, a bad filter or format 400 naming the field.
import { Readable } from 'node:stream';
import { auth } from '@/auth';
import { exportConversations } from '@/services/chat/export-conversations';
import { AppError } from '@/services/errors/app-error';
import { createLogger } from '@/services/logger';

export const dynamic = 'force-dynamic';

const originHost = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (sandboxed frames, some redirects) or garbage: never same-origin
  }
};

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

export async function GET(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  // Cookies authenticate this route: a script on another site must not read the export (CORS
  // already stops it reading the answer; this refuses the work too).
  const origin = request.headers.get('origin');
  if (origin && originHost(origin) !== request.headers.get('host')) return error(403, 'forbidden', 'Cross-origin request refused');
  const userId = (await auth())?.user?.id;
  if (!userId) return error(401, 'unauthorized', 'Sign in first');
  try {
    const exported = await exportConversations({ actorUserId: userId, workspaceId, params: new URL(request.url).searchParams });
    exported.body.on('error', (err) => createLogger('web').error({ err, workspaceId }, 'conversation export failed midway'));
    return new Response(Readable.toWeb(exported.body) as ReadableStream<Uint8Array>, {
      headers: {
        'Content-Type': exported.contentType,
        'Content-Disposition': `attachment; filename="${exported.filename}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (err) {
    if (err instanceof AppError) return Response.json(err.toBody(), { status: err.status });
    throw err;
  }
}
