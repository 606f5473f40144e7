// GET /api/workspaces/:workspaceId/conversations/export?format=csv|json&filter=<inbox tab> - the
// inbox's "Export CSV" / "Export JSON" links: the conversations the inbox lists under that filter,
// streamed as a download (services/chat/export-conversations.ts). Admins and owners; signed out
// 401, another workspace 404, a member 403, a bad filter or format 400 naming the field.
import { Readable } from 'node:stream';
import { guardWorkspaceRoute } from '@/app/lib/route-guard';
import { exportConversations } from '@/services/chat/export-conversations';
import { AppError } from '@/services/errors/app-error';
import { createLogger } from '@/services/logger';

export const dynamic = 'force-dynamic';


export async function GET(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  // Roles are checked by the export itself (admins): a member gets 403, not 404.
  const guard = await guardWorkspaceRoute(request, workspaceId);
  if ('refused' in guard) return guard.refused;
  const { userId } = guard;
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
