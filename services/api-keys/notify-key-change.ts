import type { Tx } from '@/services/db/client';
import { invalidateApiKeys } from './resolve-api-key';

export const API_KEY_CHANNEL = 'cairn_api_key_changed';

/**
 * Tells every api process to forget the cached keys of a workspace (a key revoked); sent on
 * commit of the caller's transaction (key-change-listener.ts receives it).
 */
export async function notifyApiKeyChange(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${API_KEY_CHANNEL}, ${workspaceId})`;
  invalidateApiKeys(workspaceId); // this process too (an api with the dashboard's code in-process)
}
