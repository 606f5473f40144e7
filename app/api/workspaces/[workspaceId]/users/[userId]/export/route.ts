// GET /api/workspaces/:workspaceId/users/:userId/export - the user page's "Export (JSON)" link: a
// GDPR access request answered as a JSON download (services/privacy/export-user.ts, audited).
// Admins and owners; signed out 401, another workspace 404, a member 403, a bad id 400 naming
// the field, an id the workspace holds nothing about 404.
import { guardWorkspaceRoute } from '@/app/lib/route-guard';
import { AppError } from '@/services/errors/app-error';
import { exportUser } from '@/services/privacy/export-user';
import { idString } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';

export const dynamic = 'force-dynamic';

const userIdSchema = idString(200);

export async function GET(request: Request, { params }: { params: Promise<{ workspaceId: string; userId: string }> }) {
  const { workspaceId, userId: rawId } = await params;
  const guard = await guardWorkspaceRoute(request, workspaceId);
  if ('refused' in guard) return guard.refused;
  try {
    await requireMembership(guard.userId, workspaceId, 'admin');
    const id = userIdSchema.safeParse(rawId);
    if (!id.success) {
      throw new AppError('validation_failed', `userId: ${id.error.issues[0]?.message ?? 'invalid'}`, [{ path: 'userId', message: id.error.issues[0]?.message ?? 'invalid' }]);
    }
    const data = await exportUser(workspaceId, id.data, { userId: guard.userId });
    if (!data) throw new AppError('not_found', 'No data held about this user');
    const filename = `user-${id.data.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}.json`;
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (err) {
    if (err instanceof AppError) return Response.json(err.toBody(), { status: err.status });
    throw err;
  }
}
