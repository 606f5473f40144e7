// POST /api/workspaces/:workspaceId/api-console - the API reference's try-it console: forwards one
// request, with the API key the user pasted, to the public API and answers what it said
// (services/api-console/forward-request.ts). Members of the workspace; signed out 401, another
// workspace 404, a cross-origin caller 403, bad input 400 naming the field. The key is never
// stored or logged: it lives in this request only.
import { guardWorkspaceRoute } from '@/app/lib/route-guard';
import { forwardConsoleRequest } from '@/services/api-console/forward-request';
import { AppError } from '@/services/errors/app-error';
import { requireMembership } from '@/services/workspaces/require-membership';

export const dynamic = 'force-dynamic';


export async function POST(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const guard = await guardWorkspaceRoute(request, workspaceId, { headers: { 'Cache-Control': 'no-store' } });
  if ('refused' in guard) return guard.refused;
  const { userId } = guard;
  try {
    await requireMembership(userId, workspaceId);
    let input: unknown;
    try {
      input = await request.json();
    } catch {
      throw new AppError('invalid_json', 'The request body must be JSON: { method, path, apiKey, body? }');
    }
    return Response.json(await forwardConsoleRequest(input), { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (err instanceof AppError) return Response.json(err.toBody(), { status: err.status, headers: { 'Cache-Control': 'no-store' } });
    throw err;
  }
}
