// POST /api/workspaces/:workspaceId/api-console - the API reference's try-it console: forwards one
// request, with the API key the user pasted, to the public API and answers what it said
// (services/api-console/forward-request.ts). Members of the workspace; signed out 401, another
// workspace 404, a cross-origin caller 403, bad input 400 naming the field. The key is never
// stored or logged: it lives in this request only.
import { auth } from '@/auth';
import { forwardConsoleRequest } from '@/services/api-console/forward-request';
import { AppError } from '@/services/errors/app-error';
import { requireMembership } from '@/services/workspaces/require-membership';

export const dynamic = 'force-dynamic';

const originHost = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (sandboxed frames) or garbage: never same-origin
  }
};

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } });

export async function POST(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  // Cookies authenticate this route: another site must not make a signed-in member's browser send requests.
  const origin = request.headers.get('origin');
  if (origin && originHost(origin) !== request.headers.get('host')) return error(403, 'forbidden', 'Cross-origin request refused');
  const userId = (await auth())?.user?.id;
  if (!userId) return error(401, 'unauthorized', 'Sign in first');
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
