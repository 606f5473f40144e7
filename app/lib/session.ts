import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { AppError } from '@/services/errors/app-error';
import { describeValidation, GENERIC_VALIDATION_MESSAGE, type FieldLabels } from '@/services/errors/describe-validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import type { Role } from '@/services/workspaces/roles';

/** The signed-in user's id, or a redirect to the sign-in page. */
export async function requireUserId(): Promise<string> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) redirect('/signin');
  return id;
}

/**
 * For dashboard pages: the membership of the signed-in user in `workspaceId`. A workspace the user
 * does not belong to answers 404 (never reveals that it exists); a role too low answers 404 too.
 */
export async function requireWorkspacePage(workspaceId: string, minRole: Role = 'member') {
  const userId = await requireUserId();
  try {
    const membership = await requireMembership(userId, workspaceId, minRole);
    return { userId, membership, workspace: membership.workspace, role: membership.role };
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) notFound();
    throw err;
  }
}

/** Result shape of every server action: forms show `error` and per-field `fieldErrors`. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Runs a server action body; AppErrors become a form-friendly result, anything else is rethrown.
 * Validation errors name their fields in words (describeValidation): `labels` maps the service's
 * field paths to the form's labels ("pairs.*.question" -> "Question $1").
 */
export async function runAction<T>(fn: () => Promise<T>, opts: { labels?: FieldLabels } = {}): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof AppError) {
      if (!err.details?.length) return { ok: false, error: err.message };
      const described = describeValidation(err.details, opts.labels);
      // A service that already worded its message for a person keeps it; the generic one is replaced.
      const error = err.message === GENERIC_VALIDATION_MESSAGE ? described.message : err.message;
      return { ok: false, error, fieldErrors: described.fieldErrors };
    }
    throw err;
  }
}
