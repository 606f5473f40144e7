import { AppError } from '@/services/errors/app-error';
import { db } from '@/services/db/client';
import { newId } from '@/services/ids';
import { hashPassword } from './password';
import { signUpSchema, type SignUpInput } from './schemas';
import { createWorkspaceInTx } from '@/services/workspaces/create-workspace';
import { parseOrThrow } from '@/services/validation';

/**
 * Creates the user and their first workspace (owner) in one transaction. For trusted callers (the
 * demo, the CLI, tests): its conflict error names the taken email, so the public form goes through
 * requestSignUp (throttled, with the same answer for new and taken emails).
 */
export async function signUp(input: SignUpInput) {
  const data = parseOrThrow(signUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: newId('usr'), email: data.email, name: data.name, passwordHash },
        select: { id: true, email: true, name: true },
      });
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
