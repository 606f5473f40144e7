// One guard for the dashboard's route handlers (app/api/workspaces/:workspaceId/*). Cookies
// authenticate them, so a request another site makes a signed-in browser send is refused
// (SameSite=Lax is the first lock); then the session; then, where the route asks, a role in the
// workspace (anything short of it looks like a missing workspace: 404). Failures answer in the
// AppError body shape, like the rest of the product.
import { auth } from '@/auth';
import { AppError } from '@/services/errors/app-error';
import { requireMembership } from '@/services/workspaces/require-membership';

type Role = Parameters<typeof requireMembership>[2];

export const errorResponse = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code, message } }, { status, headers });

const originHost = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (sandboxed frames, some redirects) or garbage: never same-origin
  }
};

/**
 * The signed-in user's id, or the response that refuses the request. With `role`, the user must
 * hold at least that role in the workspace (routes that check roles in their service pass none).
 */
export async function guardWorkspaceRoute(
  request: Request,
  workspaceId: string,
  opts: { role?: Role; headers?: HeadersInit } = {},
): Promise<{ userId: string } | { refused: Response }> {
  const origin = request.headers.get('origin');
  if (origin && originHost(origin) !== request.headers.get('host')) return { refused: errorResponse(403, 'forbidden', 'Cross-origin request refused', opts.headers) };
  const userId = (await auth())?.user?.id;
  if (!userId) return { refused: errorResponse(401, 'unauthorized', 'Sign in first', opts.headers) };
  if (opts.role) {
    try {
      await requireMembership(userId, workspaceId, opts.role);
    } catch (err) {
      if (err instanceof AppError) return { refused: errorResponse(404, 'not_found', 'Workspace not found', opts.headers) };
      throw err;
    }
  }
  return { userId };
}
