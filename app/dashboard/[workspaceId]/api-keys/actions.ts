'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';
import { resendEmailVerification } from '@/services/auth/send-email-verification';
import type { CreateApiKeyInput } from '@/services/api-keys/schemas';

export type NewKey = { id: string; key: string; name: string; type: 'secret' | 'publishable' };
export type CreateKeyState = ActionResult<NewKey> | null;
export type ResendState = ActionResult<string> | null;

const strings = (values: FormDataEntryValue[]) => values.filter((v): v is string => typeof v === 'string');

/** Creates a key; the full secret is returned once, to be shown once. The service validates. */
export async function createApiKeyAction(workspaceId: string, _prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const userId = await requireUserId();
  const type = String(formData.get('type') ?? '') as CreateApiKeyInput['type'];
  const origins = String(formData.get('allowedOrigins') ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const result = await runAction(async () => {
    const { key, record } = await createApiKey({
      workspaceId,
      actorUserId: userId,
      name: String(formData.get('name') ?? ''),
      type,
      scopes: strings(formData.getAll('scopes')) as NonNullable<CreateApiKeyInput['scopes']>,
      allowedOrigins: type === 'publishable' ? origins : [],
    });
    return { id: record.id, key, name: record.name, type: record.type };
  });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/api-keys`);
  return result;
}

export async function revokeApiKeyAction(workspaceId: string, keyId: string): Promise<ActionResult<void>> {
  const userId = await requireUserId();
  const result = await runAction(() => revokeApiKey({ workspaceId, actorUserId: userId, keyId }));
  revalidatePath(`/dashboard/${workspaceId}/api-keys`);
  return result;
}

/** Sends a new verification link to the signed-in user (throttled in the service). */
export async function resendVerificationAction(): Promise<ResendState> {
  const userId = await requireUserId();
  return runAction(async () => {
    const { alreadyVerified, email } = await resendEmailVerification(userId);
    return alreadyVerified ? `${email} is already verified; reload the page.` : `A new link is on its way to ${email}.`;
  });
}
