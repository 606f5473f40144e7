import { db, type Tx } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { newId } from '@/services/ids';
import { recordAudit } from '@/services/audit/record-audit';
import { requireMembership } from '@/services/workspaces/require-membership';
import { requireVerifiedEmail } from '@/services/auth/require-verified-email';
import { parseOrThrow } from '@/services/validation';
import { generateKey, hashKey, KEY_PREFIX } from './key-format';
import { createApiKeySchema, type CreateApiKeyInput } from './schemas';
import { DEFAULT_SCOPES } from './scopes';

export async function createApiKeyInTx(
  tx: Tx,
  workspaceId: string,
  input: CreateApiKeyInput,
  actor: { userId?: string } = {},
) {
  const data = parseOrThrow(createApiKeySchema, input);
  const key = generateKey(data.type);
  const record = await tx.apiKey.create({
    data: {
      workspaceId,
      id: newId('key'),
      name: data.name,
      type: data.type,
      keyHash: hashKey(key),
      prefix: KEY_PREFIX[data.type],
      last4: key.slice(-4),
      scopes: [...new Set(data.scopes ?? DEFAULT_SCOPES[data.type])],
      allowedOrigins: [...new Set(data.allowedOrigins)],
      createdById: actor.userId ?? null,
    },
    omit: { keyHash: true },
  });
  await recordAudit(tx, {
    workspaceId,
    action: 'api_key.created',
    targetType: 'api_key',
    targetId: record.id,
    actorUserId: actor.userId,
    metadata: { name: record.name, type: record.type, scopes: record.scopes },
  });
  return { key, record };
}

/**
 * Creates a key; the returned `key` is the only time the secret exists outside the caller. Under
 * REQUIRE_EMAIL_VERIFICATION (`requireVerifiedEmail`, default from env) the acting user must have
 * verified their email: checked after membership, so a stranger still learns nothing of the workspace.
 */
export async function createApiKey(
  input: { workspaceId: string; actorUserId: string } & CreateApiKeyInput,
  policy: { requireVerifiedEmail?: boolean } = {},
) {
  const { workspaceId, actorUserId, ...rest } = input;
  await requireMembership(actorUserId, workspaceId, 'admin');
  await requireVerifiedEmail(actorUserId, policy.requireVerifiedEmail);
  return db().$transaction((tx) => createApiKeyInTx(tx, workspaceId, rest, { userId: actorUserId }));
}

/**
 * For the admin CLI and provisioning: no acting user (audit records the key with no actor), and no
 * email check: whoever runs the CLI holds the server, which is more than a verified address proves.
 */
export async function createApiKeyForWorkspace(workspaceId: string, input: CreateApiKeyInput) {
  const exists = await db().workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!exists) throw new AppError('not_found', `Workspace ${workspaceId} not found`);
  return db().$transaction((tx) => createApiKeyInTx(tx, workspaceId, input));
}
