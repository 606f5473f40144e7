import { AppError } from '@/services/errors/app-error';
import { db } from '@/services/db/client';
import { newId } from '@/services/ids';
import { hashPassword } from './password';
import { signUpSchema, type SignUpInput } from './schemas';
import { createWorkspaceInTx } from '@/services/workspaces/create-workspace';
import { parseOrThrow } from '@/services/validation';
import { issueEmailVerificationInTx } from './send-email-verification';

/**
 * Creates the user and their first workspace (owner) in one transaction. For trusted callers (the
 * demo, the CLI, tests): its conflict error names the taken email, so the public form goes through
 * requestSignUp (throttled, with the same answer for new and taken emails). Trusted callers chose
 * the address themselves, so it counts as verified; `verifyEmail` (the public form) leaves it
 * unverified and emails a verification link instead, in the same transaction.
 */
export async function signUp(input: SignUpInput, options: { verifyEmail?: boolean } = {}) {
  const data = parseOrThrow(signUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: newId('usr'), email: data.email, name: data.name, passwordHash, emailVerifiedAt: options.verifyEmail ? null : new Date() },
        select: { id: true, email: true, name: true },
      });
      if (options.verifyEmail) await issueEmailVerificationInTx(tx, user);
      const workspace = await createWorkspaceInTx(tx, {
        name: data.workspaceName ?? `${data.name.split(' ')[0]}'s workspace`,
        ownerUserId: user.id,
      });
      return { user, workspace };
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      throw new AppError('conflict', 'An account with this email already exists', [
        { path: 'email', message: 'An account with this email already exists' },
      ]);
    }
    throw err;
  }
}
