// Fixture builders: every test makes its own users and workspaces, so files run in parallel.
import { randomBytes } from 'node:crypto';
import { signUp } from '@/services/auth/sign-up';
import { createApiKey } from '@/services/api-keys/create-api-key';
import type { CreateApiKeyInput } from '@/services/api-keys/schemas';

export const uniqueEmail = (tag = 'user') => `${tag}-${randomBytes(5).toString('hex')}@test.cairn.dev`;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A new user who owns a new workspace. */
export async function buildOwner(name = 'Test Owner') {
  const email = uniqueEmail();
  const { user, workspace } = await signUp({ email, name, password: TEST_PASSWORD, workspaceName: `WS ${email}` });
  return { user, workspace, email, password: TEST_PASSWORD };
}

export async function buildKey(
  owner: { user: { id: string }; workspace: { id: string } },
  input: Partial<CreateApiKeyInput> = {},
) {
  return createApiKey({
    workspaceId: owner.workspace.id,
    actorUserId: owner.user.id,
    name: 'test key',
    type: 'secret',
    ...input,
  });
}
