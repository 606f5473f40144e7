// Helpers for catalog and user API tests (each test makes its own workspace).
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';

export type Api = Awaited<ReturnType<typeof startApiServer>>;

/** A new workspace with a secret key holding every scope. */
export async function tenant() {
  const owner = await buildOwner();
  const { key } = await buildKey(owner);
  return { workspaceId: owner.workspace.id, key, owner };
}

export const json = (method: string, body: unknown): RequestInit => ({
  method,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
});

export async function putItems(api: Api, key: string, items: unknown[]) {
  const res = await api.request('/v1/items', { ...json('PUT', { items }), key });
  return { status: res.status, body: await res.json() };
}

/** embed-items jobs enqueued for a workspace, oldest first. */
export const embedJobs = (workspaceId: string) =>
  db().$queryRaw<{ data: { workspaceId: string; itemIds: string[] } }[]>`
    SELECT data FROM pgboss.job WHERE name = 'embed-items' AND data->>'workspaceId' = ${workspaceId} ORDER BY created_on, id`;
