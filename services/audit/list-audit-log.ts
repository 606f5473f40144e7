import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (what: string) =>
  z
    .string()
    .regex(DAY, { message: 'must be a date (YYYY-MM-DD)', abort: true })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), `must be a real ${what} date`)
    .optional();

/**
 * The audit log page's filters, from its query string: `action` is an action (`api_key.created`)
 * or a category (`api_key`: every action of it), `actor` a user id, `from` and `to` days (UTC,
 * both included), `before` the id the next page starts under.
 */
export const auditLogFilterSchema = z
  .strictObject({
    action: z.string().regex(/^[a-z_]{1,40}(\.[a-z_]{1,40})?$/, 'must be an action such as api_key.created, or a category such as api_key').optional(),
    actor: z.string().regex(/^[\w-]{1,100}$/, 'must be a member id').optional(),
    from: day('start'),
    to: day('end'),
    before: z.string().regex(/^\d{1,19}$/, 'must be an entry id').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before the start date' });
export type AuditLogFilter = z.output<typeof auditLogFilterSchema>;

/** The filter from URL search parameters (empty values are no filter); throws validation_failed naming the field. */
export function parseAuditLogFilter(params: Record<string, string | undefined>): AuditLogFilter {
  const present = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  return parseOrThrow(auditLogFilterSchema, present);
}

export async function listAuditLog(workspaceId: string, opts: { limit?: number; before?: bigint; filter?: AuditLogFilter } = {}) {
  const f = opts.filter ?? {};
  const before = opts.before ?? (f.before ? BigInt(f.before) : undefined);
  const where: Prisma.AuditLogWhereInput = {
    workspaceId,
    ...(before ? { id: { lt: before } } : {}),
    ...(f.action ? (f.action.includes('.') ? { action: f.action } : { action: { startsWith: `${f.action}.` } }) : {}),
    ...(f.actor ? { actorUserId: f.actor } : {}),
    ...(f.from || f.to
      ? {
          createdAt: {
            ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
            ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) } : {}),
          },
        }
      : {}),
  };
  return db().auditLog.findMany({ where, orderBy: { id: 'desc' }, take: Math.min(opts.limit ?? 100, 500) });
}

/** The actions recorded in the workspace so far, and who recorded them (the filter's choices). */
export async function auditLogFacets(workspaceId: string): Promise<{ actions: string[]; actorIds: string[] }> {
  const [actions, actors] = await Promise.all([
    db().auditLog.findMany({ where: { workspaceId }, distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } }),
    db().auditLog.findMany({ where: { workspaceId, actorUserId: { not: null } }, distinct: ['actorUserId'], select: { actorUserId: true } }),
  ]);
  return { actions: actions.map((a) => a.action), actorIds: actors.map((a) => a.actorUserId!) };
}
