// GET /api/workspaces/:workspaceId/export - the settings page's "Export workspace" link: every row
// of the workspace as JSON Lines, streamed (services/workspaces/export-workspace.ts). Admins and
// owners; signed out 401, another workspace 404, a member 403.
import { Readable } from 'node:stream';
import { guardWorkspaceRoute } from '@/app/lib/route-guard';
import { AppError } from '@/services/errors/app-error';
import { createLogger } from '@/services/logger';
import { exportWorkspace } from '@/services/workspaces/export-workspace';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  // Roles are checked by the export itself (admins): a member gets 403, a stranger 404.
  const guard = await guardWorkspaceRoute(request, workspaceId);
  if ('refused' in guard) return guard.refused;
  try {
    const exported = await exportWorkspace({ workspaceId, actorUserId: guard.userId });
    const body = Readable.from(exported.lines);
    body.on('error', (err) => createLogger('web').error({ err, workspaceId }, 'workspace export failed midway'));
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
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
