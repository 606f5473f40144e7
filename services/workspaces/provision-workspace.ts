import { randomBytes } from 'node:crypto';
import { db } from '@/services/db/client';
import { newId } from '@/services/ids';
import { AppError } from '@/services/errors/app-error';
import { hashPassword } from '@/services/auth/password';
import { emailSchema, passwordSchema, workspaceNameSchema } from '@/services/auth/schemas';
import { parseOrThrow } from '@/services/validation';
import { createApiKeyInTx } from '@/services/api-keys/create-api-key';
import { createWorkspaceInTx } from './create-workspace';

/**
 * For scripts and self-hosters (`cairn workspace create`): a workspace with its owner (created
 * when the email is new) and a secret + a publishable key, all in one transaction.
 */
export async function provisionWorkspace(input: {
  name: string;
  ownerEmail: string;
  ownerPassword?: string;
  allowedOrigins: string[];
}) {
  const name = parseOrThrow(workspaceNameSchema, input.name);
  const email = parseOrThrow(emailSchema, input.ownerEmail);
  const existing = await db().user.findUnique({ where: { email } });
  if (existing && input.ownerPassword) {
    throw new AppError('conflict', `User ${email} already exists; omit --password to add a workspace to that account`);
  }
  const generatedPassword = existing || input.ownerPassword ? undefined : randomBytes(12).toString('base64url');
  const password = input.ownerPassword ?? generatedPassword;
  const passwordHash = password ? await hashPassword(parseOrThrow(passwordSchema, password)) : undefined;

  return db().$transaction(async (tx) => {
    const owner =
      existing ??
      // The operator named this address on the server itself: it counts as verified.
      (await tx.user.create({ data: { id: newId('usr'), email, name: email.split('@')[0]!, passwordHash: passwordHash!, emailVerifiedAt: new Date() } }));
    const workspace = await createWorkspaceInTx(tx, { name, ownerUserId: owner.id });
    const secret = await createApiKeyInTx(tx, workspace.id, { name: 'Default secret key', type: 'secret' });
    const publishable = await createApiKeyInTx(tx, workspace.id, {
      name: 'Default publishable key',
      type: 'publishable',
      allowedOrigins: input.allowedOrigins,
    });
    return {
      workspaceId: workspace.id,
      ownerUserId: owner.id,
      secretKey: secret.key,
      publishableKey: publishable.key,
      ...(generatedPassword ? { ownerPassword: generatedPassword } : {}),
    };
  });
}
