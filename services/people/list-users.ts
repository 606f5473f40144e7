import { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';
import { listUsersQuerySchema, USERS_PAGE_SIZE, type ListUsersQuery, type ListUsersResult } from './schemas';

const DAY_MS = 86_400_000;

/**
 * The workspace's people: users with a profile (PUT /v1/users) and users known from their events
 * only, with their event count, last activity and merged anonymous ids; most recently active
 * first. Filters: `q` (part of the id or of any trait value), `trait` (key=value), `active` /
 * `inactive` (an event in / none in the last N days). One statement, tenant-scoped; paged.
 */
export async function listUsers(workspaceId: string, query: ListUsersQuery, now = new Date()): Promise<ListUsersResult> {
  const p = parseOrThrow(listUsersQuerySchema, query);
  const [traitKey, traitValue] = p.trait ? [p.trait.slice(0, p.trait.indexOf('=')).trim(), p.trait.slice(p.trait.indexOf('=') + 1).trim()] : [null, null];
  const activeSince = p.active ? new Date(now.getTime() - p.active * DAY_MS) : null;
  const inactiveSince = p.inactive ? new Date(now.getTime() - p.inactive * DAY_MS) : null;
  const q = p.q ? p.q.toLowerCase() : null;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (q) {
    conditions.push(Prisma.sql`(position(${q} in lower(x.id)) > 0 OR EXISTS (
      SELECT 1 FROM jsonb_each_text(coalesce(x.traits, '{}'::jsonb)) AS t(k, v) WHERE position(${q} in lower(t.v)) > 0))`);
  }
  if (traitKey) conditions.push(Prisma.sql`x.traits ->> ${traitKey} = ${traitValue}`);
  if (activeSince) conditions.push(Prisma.sql`x.last_seen >= ${activeSince}`);
  if (inactiveSince) conditions.push(Prisma.sql`(x.last_seen IS NULL OR x.last_seen < ${inactiveSince})`);
  const offset = (p.page - 1) * USERS_PAGE_SIZE;
  const rows = await db().$queryRaw<{ id: string; traits: Record<string, unknown> | null; events: bigint; last_seen: Date | null; anons: bigint }[]>`
    WITH activity AS (
      SELECT "userId" AS id, count(*) AS events, max("timestamp") AS last_seen
      FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "userId" IS NOT NULL
      GROUP BY 1
    ), profiles AS (
      SELECT "id", "traits" FROM "EndUser" WHERE "workspaceId" = ${workspaceId}
    ), x AS (
      SELECT coalesce(p.id, a.id) AS id, p.traits, coalesce(a.events, 0) AS events, a.last_seen
      FROM profiles p FULL JOIN activity a ON a.id = p.id
    )
    SELECT x.id, x.traits, x.events, x.last_seen,
           (SELECT count(*) FROM "IdentityMerge" m WHERE m."workspaceId" = ${workspaceId} AND m."userId" = x.id) AS anons
    FROM x
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY x.last_seen DESC NULLS LAST, x.id
    LIMIT ${USERS_PAGE_SIZE + 1} OFFSET ${offset}`;
  return {
    users: rows.slice(0, USERS_PAGE_SIZE).map((r) => ({
      id: r.id,
      traits: r.traits,
      events: Number(r.events),
      lastSeenAt: r.last_seen,
      anonymousIds: Number(r.anons),
    })),
    page: p.page,
    hasMore: rows.length > USERS_PAGE_SIZE,
  };
}
