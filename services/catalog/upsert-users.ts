import { db } from '@/services/db/client';
import { checkBatch } from './check-batch';
import { MAX_USERS_PER_BATCH, type UserInput } from './schemas';

// xmax = 0 on a returned row means the INSERT branch ran (a new row), otherwise the UPDATE one.
const UPSERT_USERS = `
INSERT INTO "EndUser" ("workspaceId", "id", "traits", "createdAt", "updatedAt")
SELECT $1::text, t.id, coalesce(t.traits::jsonb, '{}'::jsonb),
       timestamp '1970-01-01' + $4::float8 * interval '1 millisecond',
       timestamp '1970-01-01' + $4::float8 * interval '1 millisecond'
FROM unnest($2::text[], $3::text[]) AS t(id, traits)
ON CONFLICT ("workspaceId", "id") DO UPDATE SET "traits" = EXCLUDED."traits", "updatedAt" = EXCLUDED."updatedAt"
RETURNING (xmax = 0) AS created`;

/** Creates or replaces (traits included) up to 1,000 end users in one statement. */
export async function upsertUsers(workspaceId: string, users: readonly UserInput[]) {
  checkBatch('users', users.map((u) => u.id), MAX_USERS_PER_BATCH);
  if (users.length === 0) return { created: 0, updated: 0 };
  const rows = [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const result = await db().$queryRawUnsafe<{ created: boolean }[]>(
    UPSERT_USERS,
    workspaceId,
    rows.map((u) => u.id),
    rows.map((u) => u.traits ?? null),
    Date.now(),
  );
  const created = result.filter((r) => r.created).length;
  return { created, updated: result.length - created };
}
